package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.pgvector.PGvector;

/**
 * The last step of a batch, in one short transaction: replaces the chunks of the claimed rows and
 * deletes the claimed queue entries, so that a crash before the commit leaves the rows queued and
 * one after it leaves them done, never half of each.
 * <p>
 * Chunks are written only for rows that still exist in the source under the claimed key: a
 * primary key changed or a row deleted while the batch was embedding has had its chunks removed by
 * the source's trigger already, and the batch must not bring them back under the old key. The rows
 * are not locked ({@code FOR KEY SHARE} would need the UPDATE privilege on the source, which a
 * worker role granted with {@code ai.grant_to} does not have), so a delete whose transaction is
 * still open during this statement and this commit, milliseconds apart, can leave the row's chunks
 * behind; pgai's trigger and worker have the same window, the worker's for a whole batch.
 */
final class StoreWriter {

	private StoreWriter() {
	}

	/**
	 * Writes a planned batch. The connection must be in auto-commit mode; it is again afterwards.
	 * @param connection the batch's connection
	 * @param vectorizer the vectorizer
	 * @param claim what the batch claimed
	 * @param plan the chunks to write, every one with its vector
	 * @return how many chunks were written
	 */
	static int write(Connection connection, VectorizerDefinition vectorizer, Claim claim, BatchPlan plan)
			throws SQLException {
		connection.setAutoCommit(false);
		try {
			int written = writeInTransaction(connection, vectorizer, claim, plan);
			connection.commit();
			return written;
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	private static int writeInTransaction(Connection connection, VectorizerDefinition vectorizer, Claim claim,
			BatchPlan plan) throws SQLException {
		String store = SqlNames.table(vectorizer.targetSchema(), vectorizer.targetTable());
		Set<RowKey> live = clear(connection, vectorizer, store, claim, plan);
		List<BatchPlan.PlannedChunk> chunks = new ArrayList<>();
		plan.replacements().forEach((key, planned) -> {
			if (live.contains(key)) {
				chunks.addAll(planned);
			}
		});
		if (chunks.isEmpty()) {
			return 0;
		}
		if (vectorizer.embeddingColumn() != null) {
			return updateColumn(connection, vectorizer, chunks);
		}
		insert(connection, store, vectorizer, chunks);
		return chunks.size();
	}

	/**
	 * A column destination's write: each row's vector into its embedding column, as pgai's worker
	 * writes it. The source's triggers leave that column's changes out, so the row is not queued
	 * again. A row without text gets no update and keeps the vector it had, as under pgai.
	 */
	private static int updateColumn(Connection connection, VectorizerDefinition vectorizer,
			List<BatchPlan.PlannedChunk> chunks) throws SQLException {
		List<VectorizerDefinition.KeyColumn> key = vectorizer.primaryKey();
		String update = "update " + SqlNames.table(vectorizer.sourceSchema(), vectorizer.sourceTable()) + " set "
				+ SqlNames.quote(Objects.requireNonNull(vectorizer.embeddingColumn())) + " = ? where "
				+ SqlNames.keyIn(key, 1);
		try (PreparedStatement statement = connection.prepareStatement(update)) {
			for (BatchPlan.PlannedChunk chunk : chunks) {
				statement.setObject(1, new PGvector(Objects.requireNonNull(chunk.vector())));
				BatchClaimer.bindKeys(statement, 2, List.of(chunk.key()));
				statement.addBatch();
			}
			statement.executeBatch();
		}
		return chunks.size();
	}

	/**
	 * One statement: deletes the chunks of every replaced or vanished row and the claimed queue
	 * entries, and returns which of the replaced rows the source still has under their key.
	 * <p>
	 * Queue entries are deleted exactly as claimed, found by {@code ctid} and told apart from any
	 * entry that later took the same place by {@code xmin}: an entry queued after the claim (the
	 * row changed again meanwhile) stays, so the row is embedded once more. The entries of rows set
	 * aside as unstorable stay too, for their retry. An entry another transaction has locked stays
	 * as well rather than be waited for: pgai's worker locks the entries it selects for the whole of
	 * its batch, embedding call included, even those whose row this worker holds; the row is then
	 * taken again later, its unchanged chunks reused.
	 */
	private static Set<RowKey> clear(Connection connection, VectorizerDefinition vectorizer, String store, Claim claim,
			BatchPlan plan) throws SQLException {
		List<VectorizerDefinition.KeyColumn> key = vectorizer.primaryKey();
		List<RowKey> replaced = List.copyOf(plan.replacements().keySet());
		List<RowKey> touched = new ArrayList<>(replaced);
		touched.addAll(plan.vanished());
		Set<String> entries = new LinkedHashSet<>();
		for (int i = 0; i < claim.queueEntries().size(); i++) {
			if (!plan.rowFailures().containsKey(claim.entryKeys().get(i))) {
				entries.add(claim.queueEntries().get(i));
			}
		}
		List<String> deletes = new ArrayList<>();
		// a column destination's "store" is the source table itself: nothing is deleted there
		boolean removes = !touched.isEmpty() && vectorizer.embeddingColumn() == null;
		if (removes) {
			deletes.add("removed as (delete from " + store + " where " + SqlNames.keyIn(key, touched.size()) + ")");
		}
		if (!entries.isEmpty()) {
			String queue = SqlNames.table(vectorizer.queueSchema(), vectorizer.queueTable());
			deletes.add("dequeued as (delete from " + queue + " q using (select ctid as entry from " + queue
					+ " where ctid = any(?::tid[]) and ctid::text || ':' || xmin::text = any(?) "
					+ "for update skip locked) claimed where q.ctid = claimed.entry)");
		}
		if (deletes.isEmpty()) {
			return Set.of();
		}
		String sql = "with " + String.join(", ", deletes) + " select " + SqlNames.columns(key, "") + " from "
				+ SqlNames.table(vectorizer.sourceSchema(), vectorizer.sourceTable()) + " where "
				+ (replaced.isEmpty() ? "false" : SqlNames.keyIn(key, replaced.size()));
		Set<RowKey> live = new HashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			int index = removes ? BatchClaimer.bindKeys(statement, 1, touched) : 1;
			if (!entries.isEmpty()) {
				statement.setArray(index++, connection.createArrayOf("text",
						entries.stream().map((entry) -> entry.substring(0, entry.indexOf(':'))).toArray()));
				statement.setArray(index++, connection.createArrayOf("text", entries.toArray()));
			}
			BatchClaimer.bindKeys(statement, index, replaced);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					live.add(BatchClaimer.readKey(rs, 1, key.size()));
				}
			}
		}
		return live;
	}

	private static void insert(Connection connection, String store, VectorizerDefinition vectorizer,
			List<BatchPlan.PlannedChunk> chunks) throws SQLException {
		if (BinaryChunkCopy.supports(vectorizer.primaryKey())) {
			BinaryChunkCopy.write(connection, store, vectorizer, chunks);
			return;
		}
		int keyColumns = vectorizer.primaryKey().size();
		String insert = "insert into " + store + " (" + SqlNames.columns(vectorizer.primaryKey(), "")
				+ ", chunk_seq, chunk, embedding) values (" + "?, ".repeat(keyColumns) + "?, ?, ?)";
		try (PreparedStatement statement = connection.prepareStatement(insert)) {
			for (BatchPlan.PlannedChunk chunk : chunks) {
				for (int k = 0; k < keyColumns; k++) {
					statement.setObject(k + 1, chunk.key().values()[k]);
				}
				statement.setInt(keyColumns + 1, chunk.seq());
				statement.setString(keyColumns + 2, chunk.text());
				statement.setObject(keyColumns + 3, new PGvector(Objects.requireNonNull(chunk.vector())));
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

}
