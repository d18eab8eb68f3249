package io.pgai.spring.relationship.overrides;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "comments")
public class Comment {

	@Id
	private Long id;

	private String body;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Comment>> bodyEmbeddings;

	protected Comment() {
	}

	public Long getId() {
		return this.id;
	}

	public List<Embedding<Comment>> getBodyEmbeddings() {
		return this.bodyEmbeddings;
	}

}
