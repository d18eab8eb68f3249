package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Counts the entries a vectorizer's queue holds.
 */
class PendingRows {

	private final DataSource dataSource;

	PendingRows(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** The exact count, for a backfill's progress and time left. */
	long count(VectorizerDefinition vectorizer) throws SQLException {
		return query(vectorizer, "select count(*) from " + queue(vectorizer), -1);
	}

	/**
	 * The count up to a cap, reading at most {@code cap + 1} entries however long the queue is, as
	 * pgai's {@code ai.vectorizer_queue_pending(id, exact_count => false)} does.
	 * @return the count, or {@code cap + 1} if there are more than {@code cap}
	 */
	long countUpTo(VectorizerDefinition vectorizer, long cap) throws SQLException {
		return query(vectorizer, "select count(*) from (select 1 from " + queue(vectorizer) + " limit ?) q", cap + 1);
	}

	private long query(VectorizerDefinition vectorizer, String sql, long limit) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			if (limit >= 0) {
				statement.setLong(1, limit);
			}
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	private static String queue(VectorizerDefinition vectorizer) {
		return SqlNames.table(vectorizer.queueSchema(), vectorizer.queueTable());
	}

}
