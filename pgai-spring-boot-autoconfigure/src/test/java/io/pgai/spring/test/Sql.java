package io.pgai.spring.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.pgai.spring.vectorizer.AiSchemaInstaller;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Runs set-up SQL against the {@link TestDatabase}, the way pgai would have created the tables.
 */
public final class Sql {

	private Sql() {
	}

	/**
	 * Drops the {@code ai} schema and installs pgai-spring's catalog afresh, as a first start of an
	 * application would.
	 */
	public static void freshAiSchema() {
		run("drop schema if exists ai cascade");
		TestDatabase database = TestDatabase.get();
		new AiSchemaInstaller(new DriverManagerDataSource(database.url(), database.username(), database.password()))
			.install();
	}

	/**
	 * Runs each statement in its own auto-committed step.
	 * @param statements the statements
	 */
	public static void run(String... statements) {
		try (Connection connection = TestDatabase.get().open(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Set-up SQL failed: " + ex.getMessage(), ex);
		}
	}

}
