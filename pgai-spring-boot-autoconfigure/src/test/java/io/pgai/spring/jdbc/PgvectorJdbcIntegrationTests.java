package io.pgai.spring.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import com.pgvector.PGvector;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PgvectorJdbcIntegrationTests {

	@Test
	void vectorRoundTripsThroughJdbcAndCosineDistanceIsComputedInSql() throws Exception {
		try (Connection connection = TestDatabase.get().open()) {
			PGvector.registerTypes(connection);
			try (Statement statement = connection.createStatement()) {
				statement.execute("create temporary table items (id int primary key, embedding vector(3))");
			}
			try (PreparedStatement insert = connection.prepareStatement("insert into items values (?, ?)")) {
				insert.setInt(1, 1);
				insert.setObject(2, new PGvector(new float[] { 1, 2, 3 }));
				insert.executeUpdate();
			}
			try (PreparedStatement query = connection
				.prepareStatement("select embedding, embedding <=> ? as distance from items where id = 1");) {
				query.setObject(1, new PGvector(new float[] { 3, 1, 2 }));
				try (ResultSet rs = query.executeQuery()) {
					assertThat(rs.next()).isTrue();
					assertThat(((PGvector) rs.getObject(1)).toArray()).containsExactly(1f, 2f, 3f);
					// 1 - (1*3 + 2*1 + 3*2) / (|a| |b|) = 1 - 11/14
					assertThat(rs.getDouble(2)).isCloseTo(1 - 11.0 / 14.0, within(1e-6));
				}
			}
		}
	}

	@Test
	void pgvectorIsAtLeastVersion07() throws Exception {
		try (Connection connection = TestDatabase.get().open(); Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("select string_to_array(extversion, '.')::int[] >= '{0,7}' from pg_extension where extname = 'vector'")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getBoolean(1)).isTrue();
		}
	}

}
