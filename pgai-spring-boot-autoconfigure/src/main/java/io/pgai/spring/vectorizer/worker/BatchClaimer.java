package io.pgai.spring.vectorizer.worker;

import java.sql.Array;
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
 * stored chunks, in one statement that writes nothing and runs in auto-commit. The queue rows
 * need no {@code FOR UPDATE}: the advisory locks are what keeps other workers off them (a queue
 * row locked by pgai's Python worker is read, not waited for, and its row's lock is then held by
 * that worker).
 * <p>
 * Why session-level: the embedding call that follows may take minutes, and no transaction may
 * stay open across it (an {@code idle in transaction} session holds back vacuum and a pooled
 * connection's worth of locks). The advisory lock outlives the claim's statement, so a second
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
		int keySize = vectorizer.primaryKey().size();
		List<String> entries = new ArrayList<>();
		List<RowKey> entryKeys = new ArrayList<>();
		Set<String> columns = new LinkedHashSet<>();
		Map<RowKey, Map<String, Object>> rows = new LinkedHashMap<>();
		Map<RowKey, List<Claim.StoredChunk>> stored = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(claimSql(vectorizer, selection))) {
			int index = 1;
			statement.setInt(index++, vectorizer.id());
			if (selection.keys() != null) {
				bindKeys(statement, index, selection.keys());
			}
			else {
				statement.setInt(index, selection.limit());
			}
			try (ResultSet rs = statement.executeQuery()) {
				ResultSetMetaData meta = rs.getMetaData();
				int firstSourceColumn = keySize + 6;
				int sourceColumns = meta.getColumnCount() - firstSourceColumn + 1;
				String[] names = new String[sourceColumns];
				// with its offset, as psycopg reads it for pgai's templates
				boolean[] withOffset = new boolean[sourceColumns];
				for (int c = 0; c < sourceColumns; c++) {
					names[c] = meta.getColumnName(firstSourceColumn + c);
					withOffset[c] = "timestamptz".equals(meta.getColumnTypeName(firstSourceColumn + c));
					columns.add(names[c]);
				}
				while (rs.next()) {
					entries.add(rs.getString(1));
					RowKey key = readKey(rs, 2, keySize);
					entryKeys.add(key);
					if (rows.containsKey(key) || !rs.getBoolean(keySize + 5)) {
						// A row queued twice is read twice; a row deleted since it was queued is absent.
						continue;
					}
					Map<String, Object> row = new LinkedHashMap<>();
					for (int c = 0; c < sourceColumns; c++) {
						int i = firstSourceColumn + c;
						row.put(names[c], withOffset[c] ? rs.getObject(i, java.time.OffsetDateTime.class) : rs.getObject(i));
					}
					rows.put(key, row);
					List<Claim.StoredChunk> chunks = storedChunks(rs, keySize + 2);
					if (!chunks.isEmpty()) {
						stored.put(key, chunks);
					}
				}
			}
		}
		return new Claim(entries, entryKeys, List.copyOf(new LinkedHashSet<>(entryKeys)), columns, rows, stored);
	}

	/**
	 * One statement, one round trip: the queue entries to claim (not waiting for a retry, whose row
	 * this session could lock), each with its source row and the chunks the store holds for it.
	 * The lock is tried in the scan's filter, so rows held elsewhere are passed over and the batch
	 * still fills up; every lock taken is released with the others when the batch ends
	 * ({@code pg_advisory_unlock_all}), a row queued twice having been locked twice. Columns: the
	 * entry, the key, the stored chunks' sequence numbers, texts and vectors, whether the source row
	 * exists, then the source row's own columns.
	 */
	private static String claimSql(VectorizerDefinition vectorizer, Selection selection) {
		List<VectorizerDefinition.KeyColumn> key = vectorizer.primaryKey();
		StringBuilder sql = new StringBuilder("with claimed as materialized (select q.ctid::text || ':' || q.xmin::text")
			.append(" as entry, ")
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
		return sql.append(") select c.entry, ")
			.append(SqlNames.columns(key, "c."))
			.append(", st.seqs, st.texts, st.vectors, s.* from claimed c")
			.append(" left join lateral (select true as present, src.* from ")
			.append(SqlNames.table(vectorizer.sourceSchema(), vectorizer.sourceTable()))
			.append(" src where ")
			.append(joinOn(key, "src.", "c."))
			.append(") s on true left join lateral (")
			.append(storedChunksSql(vectorizer))
			.append(") st on true")
			.toString();
	}

	/**
	 * The chunks the store holds for a claimed row. A column destination keeps a vector but not the
	 * text it was made from, so its rows have none to reuse.
	 */
	private static String storedChunksSql(VectorizerDefinition vectorizer) {
		if (vectorizer.embeddingColumn() != null) {
			return "select null::int[] seqs, null::text[] texts, null::text[] vectors";
		}
		return "select array_agg(chunk_seq order by chunk_seq) seqs, array_agg(chunk order by chunk_seq) texts, "
				+ "array_agg(embedding::text order by chunk_seq) vectors from "
				+ SqlNames.table(vectorizer.targetSchema(), vectorizer.targetTable()) + " t where "
				+ joinOn(vectorizer.primaryKey(), "t.", "c.");
	}

	private static String joinOn(List<VectorizerDefinition.KeyColumn> key, String left, String right) {
		return String.join(" and ", key.stream()
			.map((column) -> left + SqlNames.quote(column.name()) + " = " + right + SqlNames.quote(column.name()))
			.toList());
	}

	private static List<Claim.StoredChunk> storedChunks(ResultSet rs, int first) throws SQLException {
		Array seqs = rs.getArray(first);
		if (seqs == null) {
			return List.of();
		}
		Integer[] seq = (Integer[]) seqs.getArray();
		String[] texts = (String[]) rs.getArray(first + 1).getArray();
		String[] vectors = (String[]) rs.getArray(first + 2).getArray();
		List<Claim.StoredChunk> chunks = new ArrayList<>(seq.length);
		for (int i = 0; i < seq.length; i++) {
			chunks.add(new Claim.StoredChunk(seq[i], texts[i], new PGvector(vectors[i]).toArray()));
		}
		return chunks;
	}

	static RowKey readKey(ResultSet rs, int first, int size) throws SQLException {
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
