package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pgvector.PGvector;
import org.jspecify.annotations.Nullable;

/**
 * The first step of a batch: claims queue entries whose row no other worker holds, takes a
 * session-level advisory lock per row (pgai's lock keys), and reads the source rows and their
 * stored chunks. It writes nothing, so it needs no transaction of its own: each statement runs
 * in auto-commit, and the rows need no {@code FOR UPDATE} either, as the advisory locks are what
 * keeps other workers off them (a queue row locked by pgai's Python worker is read, not waited
 * for, and its row's lock is then held by that worker).
 * <p>
 * Why session-level: the embedding call that follows may take minutes, and no transaction may
 * stay open across it (an {@code idle in transaction} session holds back vacuum and a pooled
 * connection's worth of locks). The advisory lock outlives the claim's transaction, so a second
 * worker, ours or pgai's Python one, skips the row until this batch ends; if this process dies,
 * the session ends and the lock with it, and the queue entries, never deleted, are claimed again.
 */
final class BatchClaimer {

	private BatchClaimer() {
	}

	/**
	 * Claims queued rows.
	 * @param connection the batch's connection, in auto-commit mode, which keeps the locks until the
	 * batch ends
	 * @param vectorizer the vectorizer
	 * @param selection which entries to claim
	 * @return what was claimed
	 */
	static Claim claim(Connection connection, VectorizerDefinition vectorizer, Selection selection)
			throws SQLException {
		List<VectorizerDefinition.KeyColumn> key = vectorizer.primaryKey();
		List<String> entries = new ArrayList<>();
		List<RowKey> entryKeys = new ArrayList<>();
		Set<RowKey> keys = new LinkedHashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(claimSql(vectorizer, selection))) {
			int index = 1;
			statement.setInt(index++, vectorizer.id());
			if (selection.keys() != null) {
				index = bindKeys(statement, index, selection.keys());
			}
			else {
				statement.setInt(index, selection.limit());
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					entries.add(rs.getString(1));
					RowKey rowKey = readKey(rs, 2, key.size());
					entryKeys.add(rowKey);
					keys.add(rowKey);
				}
			}
		}
		if (keys.isEmpty()) {
			return new Claim(List.of(), List.of(), List.of(), Set.of(), Map.of(), Map.of());
		}
		List<RowKey> claimed = List.copyOf(keys);
		Set<String> columns = new LinkedHashSet<>();
		Map<RowKey, Map<String, Object>> rows = loadRows(connection, vectorizer, claimed, columns);
		return new Claim(entries, entryKeys, claimed, columns, rows, loadStoredChunks(connection, vectorizer, claimed));
	}

	/**
	 * The queue entries to claim: not waiting for a retry, whose row this session could lock. The
	 * lock is tried in the scan's filter, so rows held elsewhere are passed over and the batch
	 * still fills up; every lock taken is released with the others when the batch ends
	 * ({@code pg_advisory_unlock_all}), a row queued twice having been locked twice.
	 */
	private static String claimSql(VectorizerDefinition vectorizer, Selection selection) {
		List<VectorizerDefinition.KeyColumn> key = vectorizer.primaryKey();
		StringBuilder sql = new StringBuilder("select q.ctid::text || ':' || q.xmin::text, ")
			.append(SqlNames.columns(key, "q."))
			.append(" from ")
			.append(SqlNames.table(vectorizer.queueSchema(), vectorizer.queueTable()))
			.append(" q where (q.loading_retry_after is null or q.loading_retry_after <= now())")
			.append(" and pg_try_advisory_lock(?, ")
			.append(SqlNames.keyLockHash(key, "q."))
			.append(')');
		if (selection.keys() != null) {
			sql.append(" and ").append(SqlNames.keyIn(key, "q.", selection.keys().size()));
		}
		else {
			sql.append(" limit ?");
		}
		return sql.toString();
	}

	private static Map<RowKey, Map<String, Object>> loadRows(Connection connection, VectorizerDefinition vectorizer,
			List<RowKey> keys, Set<String> columns) throws SQLException {
		String sql = "select * from " + SqlNames.table(vectorizer.sourceSchema(), vectorizer.sourceTable()) + " where "
				+ SqlNames.keyIn(vectorizer.primaryKey(), keys.size());
		Map<RowKey, Map<String, Object>> rows = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bindKeys(statement, 1, keys);
			try (ResultSet rs = statement.executeQuery()) {
				ResultSetMetaData meta = rs.getMetaData();
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					columns.add(meta.getColumnName(i));
				}
				while (rs.next()) {
					Map<String, Object> row = new LinkedHashMap<>();
					for (int i = 1; i <= meta.getColumnCount(); i++) {
						row.put(meta.getColumnName(i), rs.getObject(i));
					}
					rows.put(keyOf(row, vectorizer), row);
				}
			}
		}
		// Rows deleted since they were queued are absent: the batch removes their chunks.
		return rows;
	}

	private static Map<RowKey, List<Claim.StoredChunk>> loadStoredChunks(Connection connection,
			VectorizerDefinition vectorizer, List<RowKey> keys) throws SQLException {
		List<VectorizerDefinition.KeyColumn> key = vectorizer.primaryKey();
		String sql = "select " + SqlNames.columns(key, "") + ", chunk_seq, chunk, embedding from "
				+ SqlNames.table(vectorizer.targetSchema(), vectorizer.targetTable()) + " where "
				+ SqlNames.keyIn(key, keys.size()) + " order by " + SqlNames.columns(key, "") + ", chunk_seq";
		Map<RowKey, List<Claim.StoredChunk>> stored = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bindKeys(statement, 1, keys);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					RowKey rowKey = readKey(rs, 1, key.size());
					int column = key.size() + 1;
					stored.computeIfAbsent(rowKey, (k) -> new ArrayList<>())
						.add(new Claim.StoredChunk(rs.getInt(column), rs.getString(column + 1),
								vector(rs.getObject(column + 2))));
				}
			}
		}
		return stored;
	}

	private static float[] vector(@Nullable Object value) throws SQLException {
		if (value instanceof PGvector vector) {
			return vector.toArray();
		}
		return new PGvector(String.valueOf(value)).toArray();
	}

	static RowKey keyOf(Map<String, Object> row, VectorizerDefinition vectorizer) {
		return new RowKey(vectorizer.primaryKey().stream().map((column) -> row.get(column.name())).toArray());
	}

	private static RowKey readKey(ResultSet rs, int first, int size) throws SQLException {
		Object[] values = new Object[size];
		for (int i = 0; i < size; i++) {
			values[i] = rs.getObject(first + i);
		}
		return new RowKey(values);
	}

	static int bindKeys(PreparedStatement statement, int first, List<RowKey> keys) throws SQLException {
		int index = first;
		for (RowKey key : keys) {
			for (Object value : key.values()) {
				statement.setObject(index++, value);
			}
		}
		return index;
	}

	/**
	 * Which queue entries a batch claims.
	 * @param limit the most entries, when claiming whatever is next
	 * @param keys the rows to claim, when isolating the rows of a failed batch; {@code null} otherwise
	 */
	record Selection(int limit, @Nullable List<RowKey> keys) {

		static Selection next(int limit) {
			return new Selection(limit, null);
		}

		static Selection only(List<RowKey> keys) {
			return new Selection(keys.size(), List.copyOf(keys));
		}

	}

}
