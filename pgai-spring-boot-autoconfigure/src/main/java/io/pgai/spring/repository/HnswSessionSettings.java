package io.pgai.spring.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The HNSW settings of a search, {@code hnsw.ef_search} when configured and
 * {@code hnsw.iterative_scan} for filtered searches where pgvector (0.8 or newer) has it, applied
 * by the search statement itself: a condition {@code (select set_config(..., true)) is not null}.
 * <p>
 * It needs no round trip of its own because PostgreSQL plans a condition on no column of the
 * query as a one-time filter, evaluated before the first row is fetched, and pgvector reads the
 * settings when its index scan fetches its first candidates. {@code set_config(..., true)} is
 * PostgreSQL's {@code SET LOCAL}: it lasts for the statement, or for the caller's transaction.
 */
public class HnswSessionSettings {

	private final @Nullable String unfiltered;

	private final @Nullable String filtered;

	/**
	 * Creates the settings.
	 * @param efSearch the {@code hnsw.ef_search} of every search, or {@code null} for the server's
	 * @param iterativeScan the {@code hnsw.iterative_scan} of filtered searches
	 */
	public HnswSessionSettings(@Nullable Integer efSearch, IterativeScan iterativeScan) {
		this.unfiltered = settingsSql(efSearch, IterativeScan.OFF);
		this.filtered = settingsSql(efSearch, iterativeScan);
	}

	/**
	 * Whether a search with or without a filter changes any setting.
	 * @param filtered whether rows are filtered after the index scan
	 * @return {@code true} if the search needs {@link #condition} or {@link #hqlCondition}
	 */
	boolean appliesTo(boolean filtered) {
		return sql(filtered) != null;
	}

	/**
	 * The settings as a criteria condition that holds for every row.
	 * @param cb the query's criteria builder
	 * @param filtered whether rows are filtered after the index scan
	 * @return the condition, or {@code null} when there is nothing to set
	 */
	@Nullable Predicate condition(CriteriaBuilder cb, boolean filtered) {
		String sql = sql(filtered);
		return (sql != null) ? cb.isNotNull(((HibernateCriteriaBuilder) cb).sql(sql, String.class)) : null;
	}

	/**
	 * The settings as an HQL condition that holds for every row.
	 * @param filtered whether rows are filtered after the index scan
	 * @return the condition, or {@code null} when there is nothing to set
	 */
	@Nullable String hqlCondition(boolean filtered) {
		String sql = sql(filtered);
		return (sql != null) ? "sql('" + sql.replace("'", "''") + "') is not null" : null;
	}

	private @Nullable String sql(boolean filtered) {
		return filtered ? this.filtered : this.unfiltered;
	}

	/**
	 * The settings' sub-select; its values are an integer and an enum constant, written as literals.
	 */
	private static @Nullable String settingsSql(@Nullable Integer efSearch, IterativeScan iterativeScan) {
		List<String> settings = new ArrayList<>();
		if (efSearch != null) {
			settings.add("set_config('hnsw.ef_search', '" + efSearch.intValue() + "', true)");
		}
		if (iterativeScan != IterativeScan.OFF) {
			// pgvector before 0.8 rejects the setting, so it is set only where the extension has it.
			settings.add("coalesce(case when (select string_to_array(extversion, '.')::int[] >= '{0,8}' "
					+ "from pg_extension where extname = 'vector') then set_config('hnsw.iterative_scan', '"
					+ iterativeScan.settingValue() + "', true) end, '')");
		}
		return settings.isEmpty() ? null : "(select " + String.join(" || ", settings) + ")";
	}

}
