package io.pgai.spring.vectorizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Installs and upgrades pgai-spring's {@code ai} schema: versioned migrations applied once each,
 * recorded in {@code ai._pgai_spring_migration}, under a transaction-scoped advisory lock so that
 * applications starting together install it once. A catalog installed by pgai itself is detected
 * and left alone.
 */
public class AiSchemaInstaller implements InitializingBean {

	/** Where the migrations live, named {@code V<version>__<description>.sql}. */
	public static final String MIGRATIONS = "classpath*:META-INF/pgai/ai-schema/V*__*.sql";

	// Any constant works as long as every installer uses the same one: "pgai-spring ai schema".
	private static final long LOCK_KEY = 0x70676169_73636865L;

	private static final Pattern VERSION = Pattern.compile("V(\\d+)__(.+)\\.sql");

	private static final Log logger = LogFactory.getLog(AiSchemaInstaller.class);

	private final DataSource dataSource;

	/**
	 * Creates an installer.
	 * @param dataSource the database to install into
	 */
	public AiSchemaInstaller(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() {
		install();
	}

	/**
	 * Applies the migrations the database lacks.
	 * @return what was done
	 */
	public Installation install() {
		List<Migration> migrations = migrations();
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				Installation installation = install(connection, migrations);
				connection.commit();
				return installation;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not install pgai-spring's ai schema: "
					+ ex.getMessage(), ex);
		}
	}

	private Installation install(Connection connection, List<Migration> migrations) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("select pg_advisory_xact_lock(" + LOCK_KEY + ")");
			createVectorExtension(connection, statement);
			if (isForeignCatalog(statement)) {
				logger.info("The database has pgai's own ai schema (ai.vectorizer without pgai-spring's migration "
						+ "table); leaving it alone and using its catalog");
				return new Installation(Installation.Outcome.FOREIGN_CATALOG, List.of());
			}
			Set<Integer> applied = appliedVersions(statement);
			if (migrations.stream().allMatch((migration) -> applied.contains(migration.version()))) {
				// Nothing to do: an application role without DDL privileges starts as well.
				return new Installation(Installation.Outcome.UP_TO_DATE, List.of());
			}
			statement.execute("create schema if not exists ai");
			statement.execute("create table if not exists ai._pgai_spring_migration (version int primary key, "
					+ "description text not null, installed_at timestamptz not null default now())");
			statement.execute("grant usage on schema ai to public");
			statement.execute("grant select on ai._pgai_spring_migration to public");
			List<Integer> installed = new ArrayList<>();
			for (Migration migration : migrations) {
				if (!applied.contains(migration.version())) {
					statement.execute(migration.sql());
					try (PreparedStatement record = connection.prepareStatement(
							"insert into ai._pgai_spring_migration (version, description) values (?, ?)")) {
						record.setInt(1, migration.version());
						record.setString(2, migration.description());
						record.executeUpdate();
					}
					installed.add(migration.version());
					logger.info("Installed pgai-spring ai schema migration V" + migration.version() + " ("
							+ migration.description() + ")");
				}
			}
			return new Installation(
					installed.isEmpty() ? Installation.Outcome.UP_TO_DATE : Installation.Outcome.INSTALLED, installed);
		}
	}

	/**
	 * Creates pgvector's extension where it is missing, as pgai's installer does, so that the stores'
	 * {@code vector} type exists before any migration or mapping needs it. Where the user may not
	 * create it, the failure names the SQL to run instead.
	 */
	private static void createVectorExtension(Connection connection, Statement statement) throws SQLException {
		String database;
		String user;
		try (ResultSet rs = statement.executeQuery("select exists (select 1 from pg_extension where extname = 'vector'), "
				+ "current_database(), current_user")) {
			rs.next();
			if (rs.getBoolean(1)) {
				return;
			}
			database = rs.getString(2);
			user = rs.getString(3);
		}
		Savepoint savepoint = connection.setSavepoint();
		try {
			statement.execute("create extension if not exists vector");
		}
		catch (SQLException ex) {
			connection.rollback(savepoint);
			throw new VectorExtensionMissingException(database, user, Objects.toString(ex.getMessage(), ex.toString()));
		}
		connection.releaseSavepoint(savepoint);
		logger.info("Created the vector extension (pgvector) in database " + database);
	}

	private static Set<Integer> appliedVersions(Statement statement) throws SQLException {
		Set<Integer> applied = new HashSet<>();
		try (ResultSet exists = statement.executeQuery("select to_regclass('ai._pgai_spring_migration') is not null")) {
			exists.next();
			if (!exists.getBoolean(1)) {
				return applied;
			}
		}
		try (ResultSet rs = statement.executeQuery("select version from ai._pgai_spring_migration")) {
			while (rs.next()) {
				applied.add(rs.getInt(1));
			}
		}
		return applied;
	}

	private static boolean isForeignCatalog(Statement statement) throws SQLException {
		try (ResultSet rs = statement.executeQuery("select to_regclass('ai.vectorizer') is not null, "
				+ "to_regclass('ai._pgai_spring_migration') is not null")) {
			rs.next();
			return rs.getBoolean(1) && !rs.getBoolean(2);
		}
	}

	static List<Migration> migrations() {
		try {
			List<Migration> migrations = new ArrayList<>();
			for (Resource resource : new PathMatchingResourcePatternResolver().getResources(MIGRATIONS)) {
				Matcher matcher = VERSION.matcher(String.valueOf(resource.getFilename()));
				if (matcher.matches()) {
					migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '),
							resource.getContentAsString(StandardCharsets.UTF_8)));
				}
			}
			migrations.sort(Comparator.comparingInt(Migration::version));
			return migrations;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read pgai-spring's ai schema migrations", ex);
		}
	}

	record Migration(int version, String description, String sql) {
	}

	/**
	 * What an installation did.
	 * @param outcome the outcome
	 * @param versions the migrations applied by this installation
	 */
	public record Installation(Outcome outcome, List<Integer> versions) {

		/**
		 * The outcome of an installation.
		 */
		public enum Outcome {

			/** Migrations were applied. */
			INSTALLED,

			/** Every migration had been applied before. */
			UP_TO_DATE,

			/** pgai's own catalog is installed; nothing was touched. */
			FOREIGN_CATALOG

		}

	}

}
