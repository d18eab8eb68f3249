package io.pgai.spring.vectorizer.worker.entity;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "worker_posts")
public class Post {

	@Id
	private Long id;

	private String title;

	private String content;

	@VectorizerRelationship(dimensions = 384)
	private List<Embedding<Post>> contentEmbeddings;

	protected Post() {
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

}
