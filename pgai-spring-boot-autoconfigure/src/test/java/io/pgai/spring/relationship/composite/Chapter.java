package io.pgai.spring.relationship.composite;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "chapters")
public class Chapter {

	@EmbeddedId
	@AttributeOverride(name = "number", column = @Column(name = "chapter_no"))
	private ChapterKey key;

	private String body;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Chapter>> bodyEmbeddings;

	protected Chapter() {
	}

	public ChapterKey getKey() {
		return this.key;
	}

	public String getBody() {
		return this.body;
	}

	public List<Embedding<Chapter>> getBodyEmbeddings() {
		return this.bodyEmbeddings;
	}

}
