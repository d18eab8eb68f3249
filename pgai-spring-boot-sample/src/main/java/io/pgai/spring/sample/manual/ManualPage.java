package io.pgai.spring.sample.manual;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A page of the PostgreSQL manual, or a reader's note beside it; its content is embedded by the
 * vectorizer of {@code V3__manual_vectorizer.sql}.
 */
@Entity
@Table(name = "manual_pages")
public class ManualPage {

	/** The part that readers' notes are in. */
	private static final String NOTES_PART = "Your notes";

	/** The chapter that readers' notes are in. */
	private static final String NOTES_CHAPTER = "Notes";

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	/** The page's file in the HTML manual, e.g. {@code sql-createtable.html}; none for a note. */
	private @Nullable String file;

	private String title;

	private String chapter;

	private String part;

	private String content;

	@VectorizerRelationship(dimensions = 384)
	private List<Embedding<ManualPage>> contentEmbeddings;

	protected ManualPage() {
	}

	private ManualPage(String title, String content) {
		this.title = title;
		this.chapter = NOTES_CHAPTER;
		this.part = NOTES_PART;
		this.content = content;
	}

	/**
	 * A reader's note, a page of its own that searches find with the manual's.
	 * @param title its title
	 * @param content its text
	 * @return the note, to be saved
	 */
	public static ManualPage note(String title, String content) {
		return new ManualPage(title, content);
	}

	/** Whether this is a reader's note rather than a page of the manual. */
	public boolean isNote() {
		return this.file == null;
	}

	public Long getId() {
		return this.id;
	}

	public @Nullable String getFile() {
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

	/** The page on postgresql.org, none for a note. */
	public @Nullable String getUrl() {
		return url(this.file);
	}

	/**
	 * A page of the manual on postgresql.org.
	 * @param file the page's file in the HTML manual, none for a note
	 * @return its address, none for a note
	 */
	public static @Nullable String url(@Nullable String file) {
		return (file != null) ? "https://www.postgresql.org/docs/15/" + file : null;
	}

}
