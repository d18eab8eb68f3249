package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates a store's HNSW index as its indexing configuration says: once the store has
 * {@code min_rows} rows and, by default, the queue is empty, so the backfill does not pay for
 * index maintenance.
 */
class IndexCreator {

	private static final Log logger = LogFactory.getLog(IndexCreator.class);

	private static final Set<String> OPCLASSES = Set.of("vector_cosine_ops", "vector_l1_ops", "vector_ip_ops",
			"vector_l2_ops");

	private static final int DEFAULT_MIN_ROWS = 100_000;

	private final DataSource dataSource;

	IndexCreator(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Creates the index if it is due and missing.
	 * @return {@code true} if this call created it
	 */
	boolean createIfDue(VectorizerDefinition vectorizer) throws SQLException {
		Map<String, Object> indexing = vectorizer.indexing();
		String implementation = String.valueOf(indexing.getOrDefault("implementation", "default"));
		if (!implementation.equals("hnsw") && !implementation.equals("default")) {
			return false;
		}
		int minRows = integer(indexing.get("min_rows"), DEFAULT_MIN_ROWS);
		String opclass = String.valueOf(indexing.getOrDefault("opclass", "vector_cosine_ops"));
		if (!OPCLASSES.contains(opclass)) {
			return false;
		}
		String store = SqlNames.table(vectorizer.targetSchema(), vectorizer.targetTable());
		try (Connection connection = this.dataSource.getConnection()) {
			if (hasHnswIndex(connection, store) || !hasRows(connection, store, minRows)) {
				return false;
			}
			StringBuilder sql = new StringBuilder("create index if not exists ")
				.append(SqlNames.quote(vectorizer.targetTable() + "_embedding_idx"))
				.append(" on ")
				.append(store)
				.append(" using hnsw (embedding ")
				.append(opclass)
				.append(')');
			Integer m = nullableInteger(indexing.get("m"));
			Integer efConstruction = nullableInteger(indexing.get("ef_construction"));
			if (m != null || efConstruction != null) {
				sql.append(" with (")
					.append((m != null) ? "m = " + m : "")
					.append((m != null && efConstruction != null) ? ", " : "")
					.append((efConstruction != null) ? "ef_construction = " + efConstruction : "")
					.append(')');
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute(sql.toString());
			}
			logger.info("Created the HNSW index of vectorizer " + vectorizer.name() + " on " + store + " ("
					+ opclass + ")");
			return true;
		}
	}

	private static boolean hasHnswIndex(Connection connection, String store) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select exists (select 1 from pg_index i "
				+ "join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam "
				+ "where i.indrelid = ?::regclass and am.amname = 'hnsw')")) {
			statement.setString(1, store);
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

	private static int integer(Object value, int fallback) {
		return (value instanceof Number number) ? number.intValue() : fallback;
	}

	private static Integer nullableInteger(Object value) {
		return (value instanceof Number number) ? number.intValue() : null;
	}

}
