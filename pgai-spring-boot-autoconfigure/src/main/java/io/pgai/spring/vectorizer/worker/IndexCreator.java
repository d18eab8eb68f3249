package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.pgai.spring.sql.ChunkTextSearch;
import io.pgai.spring.vectorizer.IndexQuantization;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates one vectorizer's HNSW index as its indexing configuration says: once the store has
 * {@code min_rows} rows and the queue is empty, so the backfill does not pay for index
 * maintenance. Where the configuration names a text search configuration
 * ({@code "text_search": "english"}, pgai-spring's addition), it also creates the GIN index on the
 * chunks' documents that hybrid searches match with, once the queue is first empty.
 * <p>
 * The index is built {@code CONCURRENTLY}: a plain {@code CREATE INDEX} would lock the store for
 * the whole build, and the source's updates, deletes and truncates, whose triggers touch the
 * store, would wait that long. A build runs on its own thread, not the poll loops', and at most
 * one at a time anywhere: it holds the advisory lock pgai's own index creation takes (the same
 * two keys, at session level, as a concurrent build cannot run inside a transaction). An invalid
 * index that a crashed or cancelled build left behind is dropped before the next build.
 */
class IndexCreator {

	private static final Log logger = LogFactory.getLog(IndexCreator.class);

	/** The first key of pgai's index-creation advisory lock; the store's oid is the second. */
	static final int LOCK_KEY = 1982010642;

	private static final Set<String> OPCLASSES = Set.of("vector_cosine_ops", "vector_l1_ops", "vector_ip_ops",
			"vector_l2_ops");

	private static final int DEFAULT_MIN_ROWS = 100_000;

	/** The indexing configuration's key naming the text search configuration of the text index. */
	static final String TEXT_SEARCH = "text_search";

	/** The graph's links per node when the indexing configuration leaves {@code m} out. */
	static final int DEFAULT_M = 32;

	/** The build's candidate list when the indexing configuration leaves {@code ef_construction} out. */
	static final int DEFAULT_EF_CONSTRUCTION = 128;

	/**
	 * An index on the vector column or an expression of it (a cast to halfvec, a binary
	 * quantization), as PostgreSQL records the index's dependency on the column: a source table
	 * with a column destination may have indexes of its own, which are none of the worker's business.
	 */
	private static final String ON_VECTOR_COLUMN = "exists (select 1 from pg_depend d join pg_attribute a "
			+ "on a.attrelid = d.refobjid and a.attnum = d.refobjsubid where d.classid = 'pg_class'::regclass "
			+ "and d.objid = i.indexrelid and d.refclassid = 'pg_class'::regclass and d.refobjid = i.indrelid "
			+ "and a.attname = ?)";

	private static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

	private final DataSource dataSource;

	private final VectorizerDefinition vectorizer;

	private final Executor executor;

	private final AtomicBoolean building = new AtomicBoolean();

	private volatile long lastCheckNanos;

	private volatile @Nullable Statement running;

	/** Set when the text index cannot be built as configured: warned once, not retried. */
	private volatile boolean textIndexImpossible;

	IndexCreator(DataSource dataSource, VectorizerDefinition vectorizer, Executor executor) {
		this.dataSource = dataSource;
		this.vectorizer = vectorizer;
		this.executor = executor;
		// The first check is due at once.
		this.lastCheckNanos = System.nanoTime() - CHECK_INTERVAL.toNanos();
	}

	/**
	 * Checks in the background, at most once a minute, whether the index is due, and builds it.
	 */
	void checkSoon() {
		long now = System.nanoTime();
		if (now - this.lastCheckNanos < CHECK_INTERVAL.toNanos()) {
			return;
		}
		if (!this.building.compareAndSet(false, true)) {
			return;
		}
		this.lastCheckNanos = now;
		try {
			this.executor.execute(() -> {
				try {
					createIfDue();
				}
				finally {
					this.building.set(false);
				}
			});
		}
		catch (RejectedExecutionException stopping) {
			this.building.set(false);
		}
	}

	/**
	 * Cancels a build in progress; the invalid index it leaves is dropped before the next build.
	 */
	void cancel() {
		Statement statement = this.running;
		if (statement != null) {
			try {
				statement.cancel();
			}
			catch (SQLException ex) {
				logger.debug("Could not cancel the index build: " + ex.getMessage());
			}
		}
	}

	/**
	 * Creates the indexes that are due and missing.
	 * @return {@code true} if this call created one
	 */
	boolean createIfDue() {
		// Each on its own: a text index that cannot be built must not keep the vector index from being built.
		boolean vector = false;
		try {
			vector = createVectorIndexIfDue();
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Vectorizer " + this.vectorizer.name() + " could not create its index: " + ex.getMessage());
		}
		boolean text = false;
		try {
			text = createTextIndexIfDue();
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Vectorizer " + this.vectorizer.name() + " could not create its text index: "
					+ ex.getMessage());
		}
		return vector || text;
	}

	/**
	 * Creates the GIN index of hybrid searches if the indexing configuration asks for one and the
	 * store has none in that text search configuration.
	 * @return {@code true} if this call created it
	 */
	boolean createTextIndexIfDue() throws SQLException {
		Object config = this.vectorizer.indexing().get(TEXT_SEARCH);
		if (config == null || this.vectorizer.embeddingColumn() != null || this.textIndexImpossible) {
			return false;
		}
		ChunkTextSearch textSearch;
		try {
			textSearch = ChunkTextSearch.of(String.valueOf(config));
		}
		catch (IllegalArgumentException ex) {
			impossible(String.valueOf(ex.getMessage()));
			return false;
		}
		String store = SqlNames.table(this.vectorizer.targetSchema(), this.vectorizer.targetTable());
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			Long oid = storeOid(connection, store);
			if (oid == null) {
				return false;
			}
			if (!configurationExists(connection, textSearch)) {
				impossible("the text search configuration '" + textSearch + "' does not exist in the database "
						+ "(select cfgname from pg_ts_config)");
				return false;
			}
			if (hasTextIndex(connection, store, textSearch)) {
				return false;
			}
			if (!tryLock(connection, oid)) {
				return false;
			}
			try {
				if (hasTextIndex(connection, store, textSearch) || buildInProgress(connection, oid)) {
					return false;
				}
				String index = ChunkTextSearch.indexName(this.vectorizer.targetTable());
				dropIfInvalid(connection, this.vectorizer.targetSchema(), index);
				if (storeOid(connection, SqlNames.table(this.vectorizer.targetSchema(), index)) != null) {
					impossible("the index " + index + " exists but is not on to_tsvector('" + textSearch
							+ "', chunk), the configuration the indexing option names; drop it, and the worker "
							+ "builds the index in '" + textSearch + "'");
					return false;
				}
				String sql = textSearch.createIndexSql(this.vectorizer.targetSchema(), this.vectorizer.targetTable());
				build(connection, sql);
				logger.info("Created the text index of vectorizer " + this.vectorizer.name() + ": " + sql);
				return true;
			}
			finally {
				unlock(connection, oid);
			}
		}
	}

	/** Warns once that the text index cannot be built as configured, and stops trying. */
	private void impossible(String why) {
		this.textIndexImpossible = true;
		logger.warn("Vectorizer " + this.vectorizer.name() + ": indexing option " + TEXT_SEARCH + ": " + why);
	}

	private static boolean configurationExists(Connection connection, ChunkTextSearch textSearch)
			throws SQLException {
		// PostgreSQL 15 has no to_regconfig: a qualified name is looked up in its schema, a plain one
		// on the search path, as a cast to regconfig would.
		String config = textSearch.config();
		int dot = config.indexOf('.');
		try (PreparedStatement statement = connection.prepareStatement("select exists (select 1 from pg_ts_config c "
				+ "join pg_namespace n on n.oid = c.cfgnamespace where c.cfgname = ? "
				+ "and (n.nspname = ? or (? is null and pg_ts_config_is_visible(c.oid))))")) {
			String schema = (dot >= 0) ? config.substring(0, dot) : null;
			statement.setString(1, config.substring(dot + 1));
			statement.setString(2, schema);
			statement.setString(3, schema);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getBoolean(1);
			}
		}
	}

	private static boolean hasTextIndex(Connection connection, String store, ChunkTextSearch textSearch)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(ChunkTextSearch.MATCHING_INDEXES_SQL)) {
			statement.setString(1, store);
			statement.setString(2, textSearch.config());
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next();
			}
		}
	}

	/** Drops the text index an interrupted build left invalid, so that the name is free again. */
	private void dropIfInvalid(Connection connection, String schema, String index) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select exists (select 1 from pg_index i "
				+ "join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace "
				+ "where n.nspname = ? and c.relname = ? and not i.indisvalid)")) {
			statement.setString(1, schema);
			statement.setString(2, index);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				if (!rs.getBoolean(1)) {
					return;
				}
			}
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("drop index concurrently if exists " + SqlNames.table(schema, index));
		}
		logger.info("Vectorizer " + this.vectorizer.name() + ": dropped the invalid index " + index
				+ " an interrupted build left behind");
	}

	/**
	 * Creates the HNSW index if it is due and missing.
	 * @return {@code true} if this call created it
	 */
	boolean createVectorIndexIfDue() throws SQLException {
		Map<String, Object> indexing = this.vectorizer.indexing();
		String implementation = String.valueOf(indexing.getOrDefault("implementation", "default"));
		String opclass = String.valueOf(indexing.getOrDefault("opclass", "vector_cosine_ops"));
		if (!(implementation.equals("hnsw") || implementation.equals("default")) || !OPCLASSES.contains(opclass)) {
			return false;
		}
		IndexQuantization quantization = IndexQuantization.of(indexing.get("quantization"));
		String store = SqlNames.table(this.vectorizer.targetSchema(), this.vectorizer.targetTable());
		try (Connection connection = this.dataSource.getConnection()) {
			// CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
			connection.setAutoCommit(true);
			Long oid = storeOid(connection, store);
			if (oid == null || hasValidHnswIndex(connection, oid)
					|| !hasRows(connection, store, integer(indexing.get("min_rows"), DEFAULT_MIN_ROWS))) {
				return false;
			}
			if (!tryLock(connection, oid)) {
				return false;
			}
			try {
				if (hasValidHnswIndex(connection, oid) || buildInProgress(connection, oid)) {
					return false;
				}
				dropInvalidIndexes(connection, oid);
				String sql = createSql(store, opclass, quantization, indexing);
				build(connection, sql);
				logger.info("Created the HNSW index of vectorizer " + this.vectorizer.name() + ": " + sql);
				return true;
			}
			finally {
				unlock(connection, oid);
			}
		}
	}

	private String createSql(String store, String opclass, IndexQuantization quantization,
			Map<String, Object> indexing) {
		StringBuilder sql = new StringBuilder("create index concurrently ")
			.append(SqlNames.quote(this.vectorizer.targetTable() + "_" + this.vectorizer.vectorColumn() + "_idx"))
			.append(" on ")
			.append(store)
			.append(" using hnsw (")
			.append(indexed(opclass, quantization))
			.append(')');
		// Unless the configuration says otherwise, a denser graph than pgvector's default (16, 64):
		// measured at 1,000,000 chunks, recall@10 reaches 0.95 with ef_search 100 on it and never
		// passes 0.85 on the default one, for about twice the build time and 4% more index.
		Integer m = nullableInteger(indexing.get("m"));
		Integer efConstruction = nullableInteger(indexing.get("ef_construction"));
		sql.append(" with (m = ")
			.append((m != null) ? m : DEFAULT_M)
			.append(", ef_construction = ")
			.append((efConstruction != null) ? efConstruction : DEFAULT_EF_CONSTRUCTION)
			.append(')');
		return sql.toString();
	}

	/**
	 * What the index is built on, with its operator class: the column, its halfvec cast with the
	 * distance's halfvec operator class, or its binary quantization with Hamming distance. The
	 * expressions are the ones the repositories order by, so the index serves their searches.
	 */
	private String indexed(String opclass, IndexQuantization quantization) {
		String column = SqlNames.quote(this.vectorizer.vectorColumn());
		int dimensions = this.vectorizer.dimensions();
		return switch (quantization) {
			case NONE -> column + " " + opclass;
			case HALFVEC -> "(" + column + "::halfvec(" + dimensions + ")) halfvec_" + opclass.substring("vector_".length());
			case BINARY -> "(binary_quantize(" + column + ")::bit(" + dimensions + ")) bit_hamming_ops";
		};
	}

	private void build(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			this.running = statement;
			statement.execute(sql);
		}
		finally {
			this.running = null;
		}
	}

	private static @Nullable Long storeOid(Connection connection, String store) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select to_regclass(?)::oid")) {
			statement.setString(1, store);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				long oid = rs.getLong(1);
				return rs.wasNull() ? null : oid;
			}
		}
	}

	private boolean hasValidHnswIndex(Connection connection, long store) throws SQLException {
		return exists(connection, "select exists (select 1 from pg_index i join pg_class c on c.oid = i.indexrelid "
				+ "join pg_am am on am.oid = c.relam where i.indrelid = ? and am.amname = 'hnsw' and i.indisvalid "
				+ "and " + ON_VECTOR_COLUMN + ")", store, this.vectorizer.vectorColumn());
	}

	/** A build someone started without pgai's lock, by hand perhaps: leave it, and its invalid index, alone. */
	private static boolean buildInProgress(Connection connection, long store) throws SQLException {
		return exists(connection, "select exists (select 1 from pg_stat_progress_create_index where relid = ?)", store);
	}

	private void dropInvalidIndexes(Connection connection, long store) throws SQLException {
		List<String> invalid = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("select i.indexrelid::regclass::text "
				+ "from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam "
				+ "where i.indrelid = ? and am.amname = 'hnsw' and not i.indisvalid and " + ON_VECTOR_COLUMN)) {
			statement.setLong(1, store);
			statement.setString(2, this.vectorizer.vectorColumn());
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					invalid.add(rs.getString(1));
				}
			}
		}
		for (String index : invalid) {
			try (Statement statement = connection.createStatement()) {
				// regclass::text is already quoted where it must be.
				statement.execute("drop index concurrently if exists " + index);
			}
			logger.info("Vectorizer " + this.vectorizer.name() + ": dropped the invalid index " + index
					+ " an interrupted build left behind");
		}
	}

	private static boolean tryLock(Connection connection, long store) throws SQLException {
		return exists(connection, "select pg_try_advisory_lock(" + LOCK_KEY + ", ?::oid::int4)", store);
	}

	private static void unlock(Connection connection, long store) {
		try (PreparedStatement statement = connection
			.prepareStatement("select pg_advisory_unlock(" + LOCK_KEY + ", ?::oid::int4)")) {
			statement.setLong(1, store);
			statement.execute();
		}
		catch (SQLException ex) {
			// The session is gone, and the lock with it.
			logger.debug("Could not release the index lock: " + ex.getMessage());
		}
	}

	private static boolean exists(Connection connection, String sql, long store, String... more) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, store);
			for (int i = 0; i < more.length; i++) {
				statement.setString(i + 2, more[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getBoolean(1);
			}
		}
	}

	private static boolean hasRows(Connection connection, String store, int minRows) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select count(*) >= ? from (select 1 from " + store + " limit ?) s")) {
			statement.setInt(1, minRows);
			statement.setInt(2, minRows);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getBoolean(1);
			}
		}
	}

	private static int integer(@Nullable Object value, int fallback) {
		return (value instanceof Number number) ? number.intValue() : fallback;
	}

	private static @Nullable Integer nullableInteger(@Nullable Object value) {
		return (value instanceof Number number) ? number.intValue() : null;
	}

}
