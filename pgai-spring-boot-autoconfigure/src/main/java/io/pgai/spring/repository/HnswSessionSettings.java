package io.pgai.spring.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The HNSW settings of a search, {@code hnsw.ef_search} pinned or chosen for the store's size and
 * the rows the search needs, and {@code hnsw.iterative_scan} for filtered searches where pgvector
 * (0.8 or newer) has it, applied by the search statement itself: a condition {@code (select set_config(..., true)) is not null}.
 * <p>
 * It needs no round trip of its own because PostgreSQL plans a condition on no column of the
 * query as a one-time filter, evaluated before the first row is fetched, and pgvector reads the
 * settings when its index scan fetches its first candidates. {@code set_config(..., true)} is
 * PostgreSQL's {@code SET LOCAL}: it lasts for the statement, or for the caller's transaction.
 */
public class HnswSessionSettings {

	/** pgvector's own default {@code hnsw.ef_search}. */
	static final int PGVECTOR_EF_SEARCH = 40;

	/** pgvector's largest {@code hnsw.ef_search}: a larger value is an error, not a wider search. */
	static final int PGVECTOR_MAXIMUM_EF_SEARCH = 1000;

	private final @Nullable Integer efSearch;

	private final IterativeScan iterativeScan;

	private final int binaryOversampling;

	/** The sub-select of each filtered flag and ef_search, {@code ""} for none, built once. */
	private final Map<Long, String> sql = new ConcurrentHashMap<>();

	/**
	 * Creates the settings, with 10 candidates per result from a binary quantization.
	 * @param efSearch the {@code hnsw.ef_search} of every search, or {@code null} to choose one
	 * per search from the store's size
	 * @param iterativeScan the {@code hnsw.iterative_scan} of filtered searches
	 */
	public HnswSessionSettings(@Nullable Integer efSearch, IterativeScan iterativeScan) {
		this(efSearch, iterativeScan, 10);
	}

	/**
	 * Creates the settings.
	 * @param efSearch the {@code hnsw.ef_search} of every search, or {@code null} to choose one
	 * per search from the store's size
	 * @param iterativeScan the {@code hnsw.iterative_scan} of filtered searches
	 * @param binaryOversampling the candidates per result a binary-quantized index yields for the
	 * exact re-rank
	 */
	public HnswSessionSettings(@Nullable Integer efSearch, IterativeScan iterativeScan, int binaryOversampling) {
		this.efSearch = efSearch;
		this.iterativeScan = iterativeScan;
		this.binaryOversampling = binaryOversampling;
	}

	int binaryOversampling() {
		return this.binaryOversampling;
	}

	/**
	 * The {@code hnsw.ef_search} of one search: the pinned value, else one that holds recall on a
	 * store of its size; never fewer than the rows the index scan must yield, as pgvector's scan
	 * stops after {@code ef_search} of them, up to pgvector's largest (1,000).
	 * @param scannedRows the rows the index scan must yield
	 * @param storeRows the store's estimated rows
	 * @param m the HNSW graph's links per node
	 * @return the value, or {@code 0} to leave the server's
	 */
	int efSearch(int scannedRows, long storeRows, int m) {
		// A scan that must yield more rows than pgvector allows gets all it can.
		int rows = Math.min(scannedRows, PGVECTOR_MAXIMUM_EF_SEARCH);
		if (this.efSearch != null) {
			return Math.max(this.efSearch, rows);
		}
		int needed = Math.max(EfSearchForRecall.of(storeRows, m), rows);
		return (needed > PGVECTOR_EF_SEARCH) ? needed : 0;
	}

	/**
	 * The settings as a criteria condition that holds for every row.
	 * @param cb the query's criteria builder
	 * @param filtered whether rows are filtered after the index scan
	 * @param efSearch the search's {@link #efSearch}
	 * @return the condition, or {@code null} when there is nothing to set
	 */
	@Nullable Predicate condition(CriteriaBuilder cb, boolean filtered, int efSearch) {
		String sql = sql(filtered, efSearch);
		return (sql != null) ? cb.isNotNull(((HibernateCriteriaBuilder) cb).sql(sql, String.class)) : null;
	}

	/**
	 * The settings as an HQL condition that holds for every row.
	 * @param filtered whether rows are filtered after the index scan
	 * @param efSearch the search's {@link #efSearch}
	 * @return the condition, or {@code null} when there is nothing to set
	 */
	@Nullable String hqlCondition(boolean filtered, int efSearch) {
		String sql = sql(filtered, efSearch);
		return (sql != null) ? "sql('" + sql.replace("'", "''") + "') is not null" : null;
	}

	/**
	 * The settings as an SQL condition that holds for every row.
	 * @param filtered whether rows are filtered after the index scan
	 * @param efSearch the search's {@link #efSearch}
	 * @return the condition, or {@code null} when there is nothing to set
	 */
	@Nullable String sqlCondition(boolean filtered, int efSearch) {
		String sql = sql(filtered, efSearch);
		return (sql != null) ? sql + " is not null" : null;
	}

	/**
	 * The settings' sub-select; its values are an integer and an enum constant, written as literals.
	 * An automatic {@code ef_search} never lowers the server's own.
	 */
	private @Nullable String sql(boolean filtered, int efSearch) {
		String sql = this.sql.computeIfAbsent((filtered ? 1L << 32 : 0L) | efSearch, (key) -> {
			String built = build(filtered, efSearch);
			return (built != null) ? built : "";
		});
		return sql.isEmpty() ? null : sql;
	}

	private @Nullable String build(boolean filtered, int efSearch) {
		List<String> settings = new ArrayList<>();
		if (efSearch > 0) {
			settings.add("set_config('hnsw.ef_search', " + ((this.efSearch != null) ? "'" + efSearch + "'"
					: "greatest(" + efSearch + ", current_setting('hnsw.ef_search', true)::int)::text") + ", true)");
		}
		if (filtered && this.iterativeScan != IterativeScan.OFF) {
			// pgvector before 0.8 rejects the setting, so it is set only where the extension has it.
			settings.add("coalesce(case when (select string_to_array(extversion, '.')::int[] >= '{0,8}' "
					+ "from pg_extension where extname = 'vector') then set_config('hnsw.iterative_scan', '"
					+ this.iterativeScan.settingValue() + "', true) end, '')");
		}
		return settings.isEmpty() ? null : "(select " + String.join(" || ", settings) + ")";
	}

}
