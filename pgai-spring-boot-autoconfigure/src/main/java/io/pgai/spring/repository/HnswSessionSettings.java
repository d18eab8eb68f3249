package io.pgai.spring.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.jspecify.annotations.Nullable;

/**
 * The HNSW settings a search applies to its own transaction with {@code set_config(..., true)},
 * PostgreSQL's {@code SET LOCAL} that takes bind parameters: {@code hnsw.ef_search} when
 * configured, and {@code hnsw.iterative_scan} for filtered searches where pgvector (0.8 or newer)
 * has it.
 */
public class HnswSessionSettings {

	private final @Nullable Integer efSearch;

	private final IterativeScan iterativeScan;

	/**
	 * Creates the settings.
	 * @param efSearch the {@code hnsw.ef_search} of every search, or {@code null} for the server's
	 * @param iterativeScan the {@code hnsw.iterative_scan} of filtered searches
	 */
	public HnswSessionSettings(@Nullable Integer efSearch, IterativeScan iterativeScan) {
		this.efSearch = efSearch;
		this.iterativeScan = iterativeScan;
	}

	/**
	 * Whether a search with or without a filter changes any setting, and so needs a transaction.
	 * @param filtered whether rows are filtered after the index scan
	 * @return {@code true} if {@link #apply} would run a statement
	 */
	boolean appliesTo(boolean filtered) {
		return this.efSearch != null || (filtered && this.iterativeScan != IterativeScan.OFF);
	}

	/**
	 * Applies the settings in one statement; call it inside the search's transaction.
	 * @param entityManager the transaction's entity manager
	 * @param filtered whether rows are filtered after the index scan
	 */
	void apply(EntityManager entityManager, boolean filtered) {
		List<String> settings = new ArrayList<>();
		List<String> values = new ArrayList<>();
		if (this.efSearch != null) {
			settings.add("set_config('hnsw.ef_search', ?, true)");
			values.add(String.valueOf(this.efSearch));
		}
		if (filtered && this.iterativeScan != IterativeScan.OFF) {
			// pgvector before 0.8 rejects the setting, so it is set only where the extension has it.
			settings.add("case when (select string_to_array(extversion, '.')::int[] >= '{0,8}' from pg_extension "
					+ "where extname = 'vector') then set_config('hnsw.iterative_scan', ?, true) end");
			values.add(this.iterativeScan.settingValue());
		}
		if (settings.isEmpty()) {
			return;
		}
		StringBuilder sql = new StringBuilder("select ");
		for (int i = 0; i < settings.size(); i++) {
			sql.append((i > 0) ? ", " : "").append(settings.get(i).replace("?", "?" + (i + 1)));
		}
		Query query = entityManager.createNativeQuery(sql.toString());
		for (int i = 0; i < values.size(); i++) {
			query.setParameter(i + 1, values.get(i));
		}
		query.getResultList();
	}

}
