package io.pgai.spring.benchmarks;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The parent of the search benchmark's chunks.
 */
@Entity
@Table(name = "bench_docs")
public class BenchDoc {

	@Id
	private Long id;

	private int category;

	private String title;

	@VectorizerRelationship(dimensions = 384)
	private List<Embedding<BenchDoc>> chunks;

	protected BenchDoc() {
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
