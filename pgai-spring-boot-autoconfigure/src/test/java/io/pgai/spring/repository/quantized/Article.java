package io.pgai.spring.repository.quantized;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "articles")
public class Article {

	@Id
	private Long id;

	private int section;

	@VectorizerRelationship(dimensions = 64)
	private List<Embedding<Article>> bodyEmbeddings;

	protected Article() {
	}

	public Long getId() {
		return this.id;
	}

	public int getSection() {
		return this.section;
	}

	public List<Embedding<Article>> getBodyEmbeddings() {
		return this.bodyEmbeddings;
	}

}
