package io.pgai.spring.reliability.entity;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "rel_notes")
public class Note {

	@Id
	private Long id;

	private String body;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Note>> bodyEmbeddings;

	protected Note() {
	}

	public Long getId() {
		return this.id;
	}

}
