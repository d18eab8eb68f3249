package io.pgai.spring.relationship.eager;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.Fetch;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "recipes")
public class Recipe {

	@Id
	private Long id;

	private String title;

	@VectorizerRelationship(dimensions = 3, fetch = Fetch.EAGER, parentFetch = Fetch.EAGER)
	private List<Embedding<Recipe>> titleEmbeddings;

	protected Recipe() {
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public List<Embedding<Recipe>> getTitleEmbeddings() {
		return this.titleEmbeddings;
	}

}
