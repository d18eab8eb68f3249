package io.pgai.spring.repository.semantic;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "guides")
public class Guide {

	@Id
	private Long id;

	private String title;

	private String body;

	@VectorizerRelationship(dimensions = 384)
	private List<Embedding<Guide>> bodyEmbeddings;

	protected Guide() {
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public String getBody() {
		return this.body;
	}

}
