package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.pgvector.PGvector;
import io.pgai.spring.vectorizer.chunking.TextSplitter;
import io.pgai.spring.vectorizer.embedding.EmbeddingProvider;
import io.pgai.spring.vectorizer.embedding.EmbeddingProviderException;

/**
 * Processes one batch of a vectorizer's queue in one transaction: claims queued rows
 * ({@code FOR UPDATE SKIP LOCKED}, plus a per-key advisory lock so that two workers never embed
 * the same row at once), loads the source rows, chunks, formats and embeds them, replaces their
 * chunks in the store and deletes the claimed queue rows. A failure rolls everything back, so a
 * crash at any point loses nothing and leaves no duplicate.
 */
class BatchProcessor {

	private final DataSource dataSource;

	private final EmbeddingProviders providers;

	private final TextSplitters splitters;

	private final WorkerMetrics metrics;

	BatchProcessor(DataSource dataSource, EmbeddingProviders providers, TextSplitters splitters,
			WorkerMetrics metrics) {
		this.dataSource = dataSource;
		this.providers = providers;
		this.splitters = splitters;
		this.metrics = metrics;
	}

	/**
	 * Processes up to {@code batchSize} queued rows.
	 * @param vectorizer the vectorizer
	 * @param batchSize the most queue rows to claim
	 * @return what was claimed and written
	 * @throws SQLException if the database fails
	 * @throws BatchFailedException if the batch could not be embedded or written
	 */
	Result process(VectorizerDefinition vectorizer, int batchSize) throws SQLException {
		long started = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				List<Object[]> keys = claim(connection, vectorizer, batchSize);
				if (keys.isEmpty()) {
					connection.commit();
					return Result.EMPTY;
				}
				List<Map<String, Object>> rows = load(connection, vectorizer, keys);
				List<Chunk> chunks = chunk(vectorizer, rows);
				List<float[]> vectors;
				try {
					vectors = embed(vectorizer, chunks);
				}
				catch (EmbeddingProviderException ex) {
					throw new BatchFailedException(keys, ex);
				}
				try {
					write(connection, vectorizer, keys, chunks, vectors);
				}
				catch (SQLException ex) {
					throw new BatchFailedException(keys, ex);
				}
				connection.commit();
				Duration duration = Duration.ofNanos(System.nanoTime() - started);
				this.metrics.batchCompleted(vectorizer, keys.size(), chunks.size(), duration);
				return new Result(keys.size(), chunks.size(), duration);
			}
			catch (SQLException | RuntimeException ex) {
				rollback(connection);
				throw ex;
			}
		}
	}

	private static List<Object[]> claim(Connection connection, VectorizerDefinition vectorizer, int batchSize)
			throws SQLException {
		List<VectorizerDefinition.KeyColumn> key = vectorizer.primaryKey();
		String queue = SqlNames.table(vectorizer.queueSchema(), vectorizer.queueTable());
		String sql = "select ctid::text, " + SqlNames.columns(key, "q.") + " from " + queue + " q "
				+ "where (q.loading_retry_after is null or q.loading_retry_after <= now()) "
				+ "and pg_try_advisory_xact_lock(?, hashtext(row(" + SqlNames.columns(key, "q.") + ")::text)) "
				+ "limit ? for update skip locked";
		List<String> ctids = new ArrayList<>();
		Map<List<Object>, Object[]> keys = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, vectorizer.id());
			statement.setInt(2, batchSize);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					ctids.add(rs.getString(1));
					Object[] values = new Object[key.size()];
					for (int i = 0; i < values.length; i++) {
						values[i] = rs.getObject(i + 2);
					}
					keys.putIfAbsent(Arrays.asList(values), values);
				}
			}
		}
		if (!ctids.isEmpty()) {
			try (PreparedStatement delete = connection
				.prepareStatement("delete from " + queue + " where ctid = any(?::tid[])")) {
				delete.setArray(1, connection.createArrayOf("text", ctids.toArray()));
				delete.executeUpdate();
			}
		}
		return new ArrayList<>(keys.values());
	}

	private static List<Map<String, Object>> load(Connection connection, VectorizerDefinition vectorizer,
			List<Object[]> keys) throws SQLException {
		String sql = "select * from " + SqlNames.table(vectorizer.sourceSchema(), vectorizer.sourceTable()) + " where "
				+ SqlNames.keyIn(vectorizer.primaryKey(), keys.size());
		List<Map<String, Object>> rows = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bindKeys(statement, 1, keys);
			try (ResultSet rs = statement.executeQuery()) {
				ResultSetMetaData meta = rs.getMetaData();
				while (rs.next()) {
					Map<String, Object> row = new LinkedHashMap<>();
					for (int i = 1; i <= meta.getColumnCount(); i++) {
						row.put(meta.getColumnName(i), rs.getObject(i));
					}
					rows.add(row);
				}
			}
		}
		// Rows deleted since they were queued are absent: write() removes their chunks and adds none.
		return rows;
	}

	private List<Chunk> chunk(VectorizerDefinition vectorizer, List<Map<String, Object>> rows) {
		TextSplitter splitter = this.splitters.forVectorizer(vectorizer);
		List<Chunk> chunks = new ArrayList<>();
		for (Map<String, Object> row : rows) {
			Object value = row.get(vectorizer.loadingColumn());
			if (value == null) {
				continue;
			}
			String text = (value instanceof byte[] bytes) ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
					: value.toString();
			Object[] key = vectorizer.primaryKey().stream().map((column) -> row.get(column.name())).toArray();
			int seq = 0;
			for (String piece : splitter.split(text)) {
				chunks.add(new Chunk(key, seq++, ChunkFormatter.format(vectorizer.template(), piece, row)));
			}
		}
		return chunks;
	}

	private List<float[]> embed(VectorizerDefinition vectorizer, List<Chunk> chunks) {
		EmbeddingProvider provider = this.providers.forVectorizer(vectorizer);
		List<float[]> vectors = new ArrayList<>(chunks.size());
		int size = Math.max(1, provider.maxBatchSize());
		for (int from = 0; from < chunks.size(); from += size) {
			List<String> texts = chunks.subList(from, Math.min(chunks.size(), from + size))
				.stream()
				.map(Chunk::text)
				.toList();
			vectors.addAll(provider.embed(texts));
		}
		return vectors;
	}

	private static void write(Connection connection, VectorizerDefinition vectorizer, List<Object[]> keys,
			List<Chunk> chunks, List<float[]> vectors) throws SQLException {
		String store = SqlNames.table(vectorizer.targetSchema(), vectorizer.targetTable());
		try (PreparedStatement delete = connection
			.prepareStatement("delete from " + store + " where " + SqlNames.keyIn(vectorizer.primaryKey(), keys.size()))) {
			bindKeys(delete, 1, keys);
			delete.executeUpdate();
		}
		if (chunks.isEmpty()) {
			return;
		}
		if (BinaryChunkCopy.supports(vectorizer.primaryKey())) {
			BinaryChunkCopy.write(connection, store, vectorizer, chunks, vectors);
			return;
		}
		int keyColumns = vectorizer.primaryKey().size();
		String insert = "insert into " + store + " (" + SqlNames.columns(vectorizer.primaryKey(), "")
				+ ", chunk_seq, chunk, embedding) values (" + "?, ".repeat(keyColumns) + "?, ?, ?)";
		try (PreparedStatement statement = connection.prepareStatement(insert)) {
			for (int i = 0; i < chunks.size(); i++) {
				Chunk chunk = chunks.get(i);
				for (int k = 0; k < keyColumns; k++) {
					statement.setObject(k + 1, chunk.key()[k]);
				}
				statement.setInt(keyColumns + 1, chunk.seq());
				statement.setString(keyColumns + 2, chunk.text());
				statement.setObject(keyColumns + 3, new PGvector(vectors.get(i)));
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	private static void bindKeys(PreparedStatement statement, int first, List<Object[]> keys) throws SQLException {
		int index = first;
		for (Object[] key : keys) {
			for (Object value : key) {
				statement.setObject(index++, value);
			}
		}
	}

	private static void rollback(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			// The connection is gone; the database rolls the transaction back itself.
		}
	}

	record Chunk(Object[] key, int seq, String text) {
	}

	/**
	 * What one batch did.
	 * @param rows the distinct source rows claimed
	 * @param chunks the chunks written
	 * @param duration how long the batch took
	 */
	record Result(int rows, int chunks, Duration duration) {

		static final Result EMPTY = new Result(0, 0, Duration.ZERO);

	}

	/**
	 * A batch failed after its rows were claimed; its transaction was rolled back, so the rows
	 * are queued again.
	 */
	static class BatchFailedException extends RuntimeException {

		private final List<Object[]> keys;

		BatchFailedException(List<Object[]> keys, Exception cause) {
			super(cause.getMessage(), cause);
			this.keys = keys;
		}

		List<Object[]> keys() {
			return this.keys;
		}

	}

}
