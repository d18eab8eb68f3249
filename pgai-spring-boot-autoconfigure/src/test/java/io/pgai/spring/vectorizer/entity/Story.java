package io.pgai.spring.vectorizer.entity;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "stories")
public class Story {

	@Id
	private Long id;

	private String title;

	private String content;

	@VectorizerRelationship(dimensions = 768)
	private List<Embedding<Story>> contentEmbeddings;

	protected Story() {
	}

	public List<Embedding<Story>> getContentEmbeddings() {
		return this.contentEmbeddings;
	}

}
