package io.pgai.spring.repository;

import org.jspecify.annotations.Nullable;

/**
 * How hybrid searches fuse their two rankings: each side yields its best {@code candidates}
 * chunks, and a chunk scores {@code weight / (rrfK + rank)} on each side that found it
 * (Reciprocal Rank Fusion).
 *
 * @param textSearchConfig the text search configuration of every store without its own, or
 * {@code null} for the database's {@code default_text_search_config}
 * @param rrfK the constant added to each rank; larger values flatten the difference between ranks
 * @param candidates the chunks each side yields, at least {@code k}; {@code null} for
 * {@link #DEFAULT_CANDIDATES_PER_RESULT} per result, at least {@link #MINIMUM_DEFAULT_CANDIDATES}
 * @param vectorWeight the weight of the nearest-neighbour ranking
 * @param textWeight the weight of the full-text ranking
 */
public record HybridSearchSettings(@Nullable String textSearchConfig, int rrfK, @Nullable Integer candidates,
		double vectorWeight, double textWeight) {

	/** The RRF constant of the paper that introduced it, and of most implementations since. */
	public static final int DEFAULT_RRF_K = 60;

	/** Candidates per result on each side when {@code candidates} is not set. */
	public static final int DEFAULT_CANDIDATES_PER_RESULT = 4;

	/** The fewest candidates per side when {@code candidates} is not set. */
	public static final int MINIMUM_DEFAULT_CANDIDATES = 40;

	/** The most candidates per side: pgvector's largest {@code hnsw.ef_search}. */
	static final int MAXIMUM_CANDIDATES = 1000;

	/**
	 * Checks the settings, whose numbers are written into every hybrid statement.
	 * @throws IllegalArgumentException if {@code rrfK} or {@code candidates} is below 1, a weight
	 * is negative or not finite, or both weights are 0
	 */
	public HybridSearchSettings {
		if (rrfK < 1) {
			throw new IllegalArgumentException("rrfK must be at least 1 but was " + rrfK);
		}
		if (candidates != null && candidates < 1) {
			throw new IllegalArgumentException("candidates must be at least 1 but was " + candidates);
		}
		if (!(Double.isFinite(vectorWeight) && vectorWeight >= 0 && Double.isFinite(textWeight) && textWeight >= 0)
				|| vectorWeight + textWeight == 0) {
			throw new IllegalArgumentException("The weights must be finite, not negative and not both 0 but were "
					+ vectorWeight + " (vector) and " + textWeight + " (text)");
		}
	}

	/**
	 * The defaults: the database's text search configuration, {@code rrf_k} 60, both sides
	 * weighted 1.
	 * @return the settings
	 */
	public static HybridSearchSettings defaults() {
		return new HybridSearchSettings(null, DEFAULT_RRF_K, null, 1, 1);
	}

	/**
	 * The chunks each side yields for a search of {@code k} results.
	 * @param k the results
	 * @return the candidates per side, never fewer than {@code k}
	 */
	int candidates(int k) {
		int perSide = (this.candidates != null) ? this.candidates
				: Math.max(MINIMUM_DEFAULT_CANDIDATES, DEFAULT_CANDIDATES_PER_RESULT * k);
		return Math.max(k, Math.min(MAXIMUM_CANDIDATES, perSide));
	}

}
