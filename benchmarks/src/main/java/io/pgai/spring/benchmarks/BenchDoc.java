package io.pgai.spring.benchmarks;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The parent of the search benchmark's chunks.
 */
@Entity
@Table(name = "bench_docs")
public class BenchDoc extends BenchParent {

	@VectorizerRelationship(dimensions = BenchmarkOptions.DIMENSIONS)
	private List<Embedding<BenchDoc>> chunks;

	protected BenchDoc() {
	}

}
