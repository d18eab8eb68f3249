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
		return countUpTo(vectorizer, Long.MAX_VALUE - 1);
	}

	/**
	 * The count up to a cap, reading at most {@code cap + 1} entries however long the queue is, as
	 * pgai's {@code ai.vectorizer_queue_pending(id, exact_count => false)} does.
	 * @return the count, or {@code cap + 1} if there are more than {@code cap}
	 */
	long countUpTo(VectorizerDefinition vectorizer, long cap) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from (select 1 from " + queue(vectorizer) + " limit ?) q")) {
			statement.setLong(1, cap + 1);
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
