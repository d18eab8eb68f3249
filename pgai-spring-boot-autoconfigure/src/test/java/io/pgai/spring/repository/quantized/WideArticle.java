package io.pgai.spring.repository.quantized;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity embedded like OpenAI's text-embedding-3-large: 3,072 dimensions. */
@Entity
@Table(name = "wide_articles")
public class WideArticle {

	@Id
	private Long id;

	@VectorizerRelationship(dimensions = 3072)
	private List<Embedding<WideArticle>> bodyEmbeddings;

	protected WideArticle() {
	}

	public Long getId() {
		return this.id;
	}

	public List<Embedding<WideArticle>> getBodyEmbeddings() {
		return this.bodyEmbeddings;
	}

}
