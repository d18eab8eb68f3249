package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs one step of a batch in its own transaction on the batch's connection, which is in
 * auto-commit mode before and after: the connection stays with the batch (its session holds the
 * rows' advisory locks), but no transaction outlives the step.
 */
final class ShortTransaction {

	private ShortTransaction() {
	}

	static <T> T run(Connection connection, Work<T> work) throws SQLException {
		connection.setAutoCommit(false);
		try {
			T result = work.run();
			connection.commit();
			return result;
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	@FunctionalInterface
	interface Work<T> {

		T run() throws SQLException;

	}

}
