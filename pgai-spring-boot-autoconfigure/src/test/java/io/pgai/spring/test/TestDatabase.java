package io.pgai.spring.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL with pgvector that every test runs against, chosen once per JVM: the URL in
 * {@code PGAI_DATABASE_URL}; else a Testcontainers {@code pgvector/pgvector:pg17} container where
 * Docker runs; else the server that {@code scripts/postgres.sh} provisions on 127.0.0.1:5432.
 *
 * @param url the JDBC URL
 * @param username the user, empty when the URL carries it
 * @param password the password, empty when none is needed
 * @param source how the database was found, for error messages
 */
public record TestDatabase(String url, String username, String password, String source) {

	/** The image used where Docker is available. */
	public static final DockerImageName PGVECTOR_IMAGE = DockerImageName.parse("pgvector/pgvector:pg17")
		.asCompatibleSubstituteFor("postgres");

	private static final String SCRIPT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

	private static @Nullable TestDatabase instance;

	/** The test database, provisioned and checked for pgvector on first use. */
	public static synchronized TestDatabase get() {
		if (instance == null) {
			TestDatabase database = resolve();
			database.createVectorExtension();
			instance = database;
		}
		return instance;
	}

	/**
	 * A new, empty database beside the test database, with the {@code vector} extension: dropped
	 * and created again if it exists, so each run starts as a first start.
	 * @param name the database's name, a plain identifier
	 * @return the new database
	 */
	public static TestDatabase fresh(String name) {
		TestDatabase database = empty(name);
		database.createVectorExtension();
		return database;
	}

	/**
	 * A new database beside the test database, without even the {@code vector} extension, as a
	 * user's new database is: dropped and created again if it exists.
	 * @param name the database's name, a plain identifier
	 * @return the new database
	 */
	public static TestDatabase empty(String name) {
		TestDatabase main = get();
		try (Connection connection = main.open(); Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name + " with (force)");
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the database " + name + ": " + ex.getMessage(), ex);
		}
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)")
			.matcher(main.url);
		if (!matcher.matches()) {
			throw new IllegalStateException("Cannot derive a database URL from " + main.url);
		}
		return new TestDatabase(matcher.group(1) + name + matcher.group(3), main.username, main.password,
				main.source + ", database " + name);
	}

	/** Spring Boot properties that point {@code spring.datasource.*} at the test database. */
	public String[] datasourceProperties() {
		return new String[] { "spring.datasource.url=" + this.url, "spring.datasource.username=" + this.username,
				"spring.datasource.password=" + this.password };
	}

	/** Opens a plain JDBC connection. */
	public Connection open() throws SQLException {
		Properties properties = new Properties();
		if (!this.username.isEmpty()) {
			properties.setProperty("user", this.username);
		}
		if (!this.password.isEmpty()) {
			properties.setProperty("password", this.password);
		}
		return DriverManager.getConnection(this.url, properties);
	}

	private void createVectorExtension() {
		try (Connection connection = open(); Statement statement = connection.createStatement()) {
			statement.execute("create extension if not exists vector");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The test database (" + this.source + ", " + this.url
					+ ") cannot be used with pgvector: " + ex.getMessage()
					+ ". Run scripts/postgres.sh, which installs PostgreSQL and pgvector, or set PGAI_DATABASE_URL.",
					ex);
		}
	}

	private static TestDatabase resolve() {
		String url = System.getenv("PGAI_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			return new TestDatabase(url, "", "", "PGAI_DATABASE_URL");
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer(PGVECTOR_IMAGE);
			// Testcontainers' Ryuk removes the container when the JVM exits.
			container.start();
			return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"Testcontainers " + PGVECTOR_IMAGE);
		}
		return new TestDatabase(SCRIPT_URL, "", "", "the server scripts/postgres.sh provisions");
	}

	private static boolean dockerAvailable() {
		// Asking Testcontainers where no engine can exist costs seconds of retries and noisy logs.
		String host = System.getenv("DOCKER_HOST");
		boolean maybe = (host != null && !host.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
		return maybe && DockerClientFactory.instance().isDockerAvailable();
	}

}
