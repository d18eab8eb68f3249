package io.pgai.spring.relationship.composite;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
public class ChapterKey implements Serializable {

	@Column(name = "book_id")
	private Long bookId;

	private Integer number;

	protected ChapterKey() {
	}

	public ChapterKey(Long bookId, Integer number) {
		this.bookId = bookId;
		this.number = number;
	}

	public Long getBookId() {
		return this.bookId;
	}

	public Integer getNumber() {
		return this.number;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ChapterKey that && Objects.equals(this.bookId, that.bookId)
				&& Objects.equals(this.number, that.number);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.bookId, this.number);
	}

}
