package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Counts the rows a vectorizer's queue holds.
 */
class PendingRows {

	private final DataSource dataSource;

	PendingRows(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	long count(VectorizerDefinition vectorizer) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"select count(*) from " + SqlNames.table(vectorizer.queueSchema(), vectorizer.queueTable()));
				ResultSet rs = statement.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
