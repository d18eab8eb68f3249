package io.pgai.spring.relationship.multiple;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "notes")
public class Note {

	@Id
	private Long id;

	private String title;

	private String content;

	@VectorizerRelationship(dimensions = 2, targetTable = "notes_title_store")
	private List<Embedding<Note>> titleEmbeddings;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Note>> contentEmbeddings;

	protected Note() {
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public List<Embedding<Note>> getTitleEmbeddings() {
		return this.titleEmbeddings;
	}

	public List<Embedding<Note>> getContentEmbeddings() {
		return this.contentEmbeddings;
	}

}
