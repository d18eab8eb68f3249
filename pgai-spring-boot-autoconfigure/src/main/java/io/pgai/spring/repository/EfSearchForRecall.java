package io.pgai.spring.repository;

/**
 * The {@code hnsw.ef_search} that holds recall on a store of a given size and graph, from
 * measurements on the benchmark's clustered data (benchmarks/results/findings.md). Recall at a
 * fixed {@code ef_search} falls as the graph grows; how far depends on the graph:
 * <ul>
 * <li>{@code m = 32, ef_construction = 128}, what the worker builds: recall@10 0.95 at 1,000,000
 * chunks takes 100 (0.79 at 40). The rule: 40 up to 100,000 rows, then 60 more by 1,000,000, growing
 * with the rows.</li>
 * <li>pgvector's default graph, {@code m = 16}: recall levels off at 0.85 from 600 at 1,000,000
 * chunks, 0.83 at 400 for 3.4 times the latency of 40: no value reaches 0.95 there. The rule: 40
 * more per 100,000 rows, to keep what recall the graph allows.</li>
 * </ul>
 * Both stop at pgvector's largest, 1,000. A user who wants other terms pins
 * {@code pgai.search.ef-search}.
 */
final class EfSearchForRecall {

	private static final long ROWS_PER_STEP = 100_000;

	private static final int MAXIMUM = 1000;

	private static final int DENSE_GRAPH_M = 32;

	/** What a dense graph adds to pgvector's 40 between 100,000 and 1,000,000 rows (nine steps). */
	private static final int DENSE_GRAPH_RISE_TO_A_MILLION = 60;

	private static final int STEPS_FROM_FIRST_TO_A_MILLION = 9;

	private EfSearchForRecall() {
	}

	/**
	 * The value for a store.
	 * @param storeRows the store's estimated rows
	 * @param m the links per node of the store's HNSW graph
	 * @return the {@code ef_search}
	 */
	static int of(long storeRows, int m) {
		int base = HnswSessionSettings.PGVECTOR_EF_SEARCH;
		long steps = Math.max(1, storeRows / ROWS_PER_STEP);
		long value = (m >= DENSE_GRAPH_M)
				? base + (steps - 1) * DENSE_GRAPH_RISE_TO_A_MILLION / STEPS_FROM_FIRST_TO_A_MILLION : steps * base;
		return (int) Math.min(MAXIMUM, value);
	}

}
