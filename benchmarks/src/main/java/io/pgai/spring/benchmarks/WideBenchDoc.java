package io.pgai.spring.benchmarks;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The parent of the wide dataset's chunks: 3,072 dimensions, as OpenAI's text-embedding-3-large,
 * past the 2,000 that an HNSW index on {@code vector} takes. Its tables exist in every benchmark
 * database; only a {@code --dimensions=3072} run fills them.
 */
@Entity
@Table(name = "bench_wide_docs")
public class WideBenchDoc extends BenchParent {

	@VectorizerRelationship(dimensions = BenchmarkOptions.WIDE_DIMENSIONS)
	private List<Embedding<WideBenchDoc>> chunks;

	protected WideBenchDoc() {
	}

}
