package io.pgai.spring.relationship.multiple;

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

	private String content;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Article>> contentEmbeddings;

	protected Article() {
	}

	public Long getId() {
		return this.id;
	}

	public List<Embedding<Article>> getContentEmbeddings() {
		return this.contentEmbeddings;
	}

}
