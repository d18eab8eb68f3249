package io.pgai.spring.repository.hybrid;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A store of German text, matched with PostgreSQL's german configuration whatever the application's is. */
@Entity
@Table(name = "german_articles")
public class GermanArticle {

	@Id
	private Long id;

	private String body;

	@VectorizerRelationship(dimensions = 384, textSearchConfig = "german")
	private List<Embedding<GermanArticle>> bodyEmbeddings;

	protected GermanArticle() {
	}

	public Long getId() {
		return this.id;
	}

	public String getBody() {
		return this.body;
	}

}
