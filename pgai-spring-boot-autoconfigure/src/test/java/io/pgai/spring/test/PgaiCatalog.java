package io.pgai.spring.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

/**
 * pgai 0.12.1's own catalog (the {@code ai.sql} of the {@code pgai} Python library), installed the
 * way {@code pgai install} installs it: test data for compatibility, never part of the project.
 * <p>
 * The file is found at {@code $PGAI_AI_SQL} (on CI, the one in the {@code pgai==0.12.1} wheel) or
 * in {@code shared/pgai-0.12.1/ai.sql} beside the checkout or any directory above it. Without it
 * the tests that need it fail, saying how to provide it.
 */
public final class PgaiCatalog {

	/** The library version pgai's installer writes into the catalog and its placeholders. */
	public static final String VERSION = "0.12.1";

	private PgaiCatalog() {
	}

	/**
	 * A new database with pgvector and pgai's catalog, dropped and created again if it exists.
	 * @param name the database's name, a plain identifier
	 * @return the database
	 */
	public static TestDatabase install(String name) {
		TestDatabase database = TestDatabase.fresh(name);
		install(database);
		return database;
	}

	/**
	 * Installs pgai's catalog into a database that has pgvector, in one transaction, with pgai's
	 * two placeholders replaced as its installer replaces them.
	 * @param database the database
	 */
	public static void install(TestDatabase database) {
		String sql = aiSql();
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			String vectorSchema;
			try (ResultSet rs = statement.executeQuery("select n.nspname from pg_extension e "
					+ "join pg_namespace n on n.oid = e.extnamespace where e.extname = 'vector'")) {
				rs.next();
				vectorSchema = rs.getString(1);
			}
			connection.setAutoCommit(false);
			statement.execute("set client_min_messages = warning");
			statement.execute(sql.replace("@extschema:vector@", vectorSchema).replace("__version__", VERSION));
			connection.commit();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not install pgai's catalog into " + database.url() + ": "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * The text of pgai's {@code ai.sql}.
	 * @return the SQL
	 */
	public static String aiSql() {
		Path file = locate();
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read pgai's catalog at " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static Path locate() {
		String configured = System.getenv("PGAI_AI_SQL");
		if (configured != null && !configured.isBlank()) {
			Path file = Path.of(configured);
			if (!Files.isReadable(file)) {
				throw new IllegalStateException("PGAI_AI_SQL names " + file + ", which cannot be read");
			}
			return file;
		}
		Path found = searchUpwards(Path.of("").toAbsolutePath());
		if (found == null) {
			throw new IllegalStateException("These tests compare pgai-spring with pgai 0.12.1's own catalog, which "
					+ "was not found. Put pgai's files at shared/pgai-0.12.1/ beside the checkout (as this workplace "
					+ "has them), or run 'pip download pgai==0.12.1 --no-deps', unzip the wheel and set PGAI_AI_SQL "
					+ "to its pgai/data/ai.sql.");
		}
		return found;
	}

	private static @Nullable Path searchUpwards(Path directory) {
		for (Path dir = directory; dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("shared").resolve("pgai-" + VERSION).resolve("ai.sql");
			if (Files.isReadable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
