package io.pgai.spring.benchmarks;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * The columns every benchmark dataset's parent has: the filtered searches keep category 3.
 */
@MappedSuperclass
public abstract class BenchParent {

	@Id
	private Long id;

	private int category;

	private String title;

	protected BenchParent() {
	}

	public Long getId() {
		return this.id;
	}

	public int getCategory() {
		return this.category;
	}

	public String getTitle() {
		return this.title;
	}

}
