package io.pgai.spring.repository;

/**
 * The {@code hnsw.ef_search} that holds recall on a store of a given size: pgvector's 40 up to
 * 100,000 rows, then growing with the store, 40 more per 100,000 rows, up to pgvector's largest,
 * 1,000.
 * <p>
 * Measured on the benchmark's clustered data (benchmarks/results/findings.md), recall@10 at a fixed
 * {@code ef_search} falls as the graph grows: with 40, 0.956 at 100,000 chunks and 0.514 at
 * 1,000,000. At 1,000,000 chunks it rises to 0.83 at 400 and levels off at 0.85 from 600 on
 * pgvector's default graph ({@code m = 16, ef_construction = 64}), for 3.4 times the latency of 40:
 * 400 is where it stops paying. The rule is a straight line through those two points; a user who
 * wants other terms pins {@code pgai.search.ef-search}.
 */
final class EfSearchForRecall {

	private static final long ROWS_PER_STEP = 100_000;

	private static final int MAXIMUM = 1000;

	private EfSearchForRecall() {
	}

	/**
	 * The value for a store.
	 * @param storeRows the store's estimated rows
	 * @return the {@code ef_search}
	 */
	static int of(long storeRows) {
		long steps = Math.max(1, storeRows / ROWS_PER_STEP);
		return (int) Math.min(MAXIMUM, steps * HnswSessionSettings.PGVECTOR_EF_SEARCH);
	}

}
