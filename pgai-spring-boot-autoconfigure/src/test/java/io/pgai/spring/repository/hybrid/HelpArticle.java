package io.pgai.spring.repository.hybrid;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "help_articles")
public class HelpArticle {

	@Id
	private Long id;

	private String topic;

	private String body;

	@VectorizerRelationship(dimensions = 384)
	private List<Embedding<HelpArticle>> bodyEmbeddings;

	protected HelpArticle() {
	}

	public Long getId() {
		return this.id;
	}

	public String getTopic() {
		return this.topic;
	}

	public String getBody() {
		return this.body;
	}

}
