package io.pgai.spring.repository;

/**
 * pgvector 0.8's {@code hnsw.iterative_scan}: whether an HNSW index scan goes on past
 * {@code hnsw.ef_search} candidates when a filter drops some of them, so a selective filter still
 * returns {@code k} rows when they exist.
 */
public enum IterativeScan {

	/**
	 * Stop after {@code ef_search} candidates; filtered searches may return fewer rows.
	 */
	OFF,

	/**
	 * Go on, keeping results in exact distance order.
	 */
	STRICT_ORDER,

	/**
	 * Go on, allowing slightly out-of-order results for speed.
	 */
	RELAXED_ORDER;

	String settingValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
