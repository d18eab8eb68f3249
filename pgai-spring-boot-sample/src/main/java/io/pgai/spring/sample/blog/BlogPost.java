package io.pgai.spring.sample.blog;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A blog post; its content is embedded by the vectorizer of {@code V3__blog_vectorizer.sql}.
 */
// tag::entity[]
@Entity
@Table(name = "blog_posts")
public class BlogPost {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String title;

	private String category;

	private String content;

	@VectorizerRelationship(dimensions = 384)
	private List<Embedding<BlogPost>> contentEmbeddings;
// end::entity[]

	protected BlogPost() {
	}

	public BlogPost(String title, String category, String content) {
		this.title = title;
		this.category = category;
		this.content = content;
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public String getCategory() {
		return this.category;
	}

	public String getContent() {
		return this.content;
	}

	public List<Embedding<BlogPost>> getContentEmbeddings() {
		return this.contentEmbeddings;
	}

	public void edit(String title, String category, String content) {
		this.title = title;
		this.category = category;
		this.content = content;
	}

}
