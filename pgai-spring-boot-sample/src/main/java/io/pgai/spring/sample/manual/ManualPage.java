package io.pgai.spring.sample.manual;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A page of the PostgreSQL manual; its content is embedded by the vectorizer of
 * {@code V3__manual_vectorizer.sql}.
 */
@Entity
@Table(name = "manual_pages")
public class ManualPage {

	@Id
	private Long id;

	/** The page's file in the HTML manual, e.g. {@code sql-createtable.html}. */
	private String file;

	private String title;

	private String chapter;

	private String part;

	private String content;

	@VectorizerRelationship(dimensions = 384)
	private List<Embedding<ManualPage>> contentEmbeddings;

	protected ManualPage() {
	}

	public Long getId() {
		return this.id;
	}

	public String getFile() {
		return this.file;
	}

	public String getTitle() {
		return this.title;
	}

	public String getChapter() {
		return this.chapter;
	}

	public String getPart() {
		return this.part;
	}

	public String getContent() {
		return this.content;
	}

	public List<Embedding<ManualPage>> getContentEmbeddings() {
		return this.contentEmbeddings;
	}

	/** The page on postgresql.org. */
	public String getUrl() {
		return url(this.file);
	}

	/**
	 * A page of the manual on postgresql.org.
	 * @param file the page's file in the HTML manual
	 * @return its address
	 */
	public static String url(String file) {
		return "https://www.postgresql.org/docs/15/" + file;
	}

}
