package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * Records failures in {@code ai._vectorizer_errors} and reschedules a failing row: its
 * {@code loading_retries} grow, its {@code loading_retry_after} moves back exponentially, and
 * once it has failed more often than the loading configuration's {@code retries} it moves to the
 * failed queue, so that it neither blocks the queue nor is retried forever.
 */
class FailureRecorder {

	private final DataSource dataSource;

	private final JsonMapper json = JsonMapper.builder().build();

	FailureRecorder(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	void record(VectorizerDefinition vectorizer, String message, Map<String, Object> details) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			insertError(connection, vectorizer, message, details);
		}
	}

	/**
	 * Reschedules one failed row.
	 * @return {@code true} if the row has now failed for good and moved to the failed queue
	 */
	boolean retryLater(VectorizerDefinition vectorizer, RowKey key, String step, String message)
			throws SQLException {
		String queue = SqlNames.table(vectorizer.queueSchema(), vectorizer.queueTable());
		String failed = SqlNames.table(vectorizer.queueSchema(), vectorizer.failedQueueTable());
		String where = SqlNames.keyIn(vectorizer.primaryKey(), 1);
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement update = connection.prepareStatement("update " + queue
					+ " set loading_retries = loading_retries + 1, loading_retry_after = now() + "
					+ "least(power(2, loading_retries), 3600) * interval '1 second' where " + where);
					PreparedStatement move = connection.prepareStatement("with moved as (delete from " + queue
							+ " where " + where + " and loading_retries > ? returning "
							+ SqlNames.columns(vectorizer.primaryKey(), "") + ") insert into " + failed + " ("
							+ SqlNames.columns(vectorizer.primaryKey(), "") + ", failure_step) select "
							+ SqlNames.columns(vectorizer.primaryKey(), "") + ", ? from moved")) {
				bind(update, 1, key);
				update.executeUpdate();
				int next = bind(move, 1, key);
				move.setInt(next, vectorizer.loadingRetries());
				move.setString(next + 1, step);
				boolean movedForGood = move.executeUpdate() > 0;
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("step", step);
				details.put("primary_key", key.asList());
				details.put("moved_to_failed_queue", movedForGood);
				insertError(connection, vectorizer, message, details);
				connection.commit();
				return movedForGood;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
		}
	}

	long failedRows(VectorizerDefinition vectorizer) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("select count(*) from "
						+ SqlNames.table(vectorizer.queueSchema(), vectorizer.failedQueueTable()));
				ResultSet rs = statement.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private void insertError(Connection connection, VectorizerDefinition vectorizer, String message,
			Map<String, Object> details) throws SQLException {
		try (PreparedStatement insert = connection
			.prepareStatement("insert into ai._vectorizer_errors (id, message, details) values (?, ?, ?::jsonb)")) {
			insert.setInt(1, vectorizer.id());
			insert.setString(2, message);
			insert.setString(3, this.json.writeValueAsString(details));
			insert.executeUpdate();
		}
	}

	private static int bind(PreparedStatement statement, int first, RowKey key) throws SQLException {
		int index = first;
		for (Object value : key.values()) {
			statement.setObject(index++, value);
		}
		return index;
	}

}
