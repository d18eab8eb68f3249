package io.pgai.spring.liquibase.blog;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The reference document's blog post, whose store a Liquibase changelog's vectorizer makes.
 */
@Entity
@Table(name = "blog_posts")
public class BlogPost {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String title;

	private String content;

	@VectorizerRelationship(dimensions = 768)
	private List<Embedding<BlogPost>> contentEmbeddings;

	protected BlogPost() {
	}

	public BlogPost(String title, String content) {
		this.title = title;
		this.content = content;
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

}
