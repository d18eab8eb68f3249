package io.pgai.spring.liquibase;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.vectorizer.AiSchemaInstaller;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.resource.ClassLoaderResourceAccessor;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Runs Liquibase's commands as its command line does, against test databases, with changelogs
 * from the test class path.
 */
final class LiquibaseCommands {

	static final String CHANGELOGS = "io/pgai/spring/liquibase/";

	private LiquibaseCommands() {
	}

	/**
	 * A new database with pgvector and pgai-spring's catalog, as the starter leaves it before
	 * Liquibase runs.
	 */
	static TestDatabase freshWithCatalog(String name) {
		TestDatabase database = TestDatabase.fresh(name);
		new AiSchemaInstaller(new DriverManagerDataSource(database.url(), database.username(), database.password()))
			.install();
		return database;
	}

	/**
	 * Runs a command.
	 * @param command such as {@code updateSql}
	 * @param database the database it connects to
	 * @param arguments its other arguments by their command-line names, such as
	 * {@code changelogFile}
	 * @return what it printed
	 */
	static String run(String command, TestDatabase database, Map<String, Object> arguments) throws Exception {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		Map<String, Object> scope = Map.of(Scope.Attr.resourceAccessor.name(),
				new ClassLoaderResourceAccessor(LiquibaseCommands.class.getClassLoader()));
		Scope.child(scope, () -> {
			CommandScope commandScope = new CommandScope(command);
			commandScope.addArgumentValue("url", database.url());
			if (!database.username().isEmpty()) {
				commandScope.addArgumentValue("username", database.username());
				commandScope.addArgumentValue("password", database.password());
			}
			arguments.forEach(commandScope::addArgumentValue);
			commandScope.setOutput(output);
			commandScope.execute();
		});
		return output.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Runs a command on a changelog of the test class path.
	 * @param command such as {@code update}
	 * @param database the database
	 * @param changelog the changelog's file name, such as {@code blog.xml}
	 * @param parameters the changelog's parameters
	 * @return what it printed
	 */
	static String onChangelog(String command, TestDatabase database, String changelog, Map<String, String> parameters,
			Object... moreArguments) throws Exception {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("changelogFile", CHANGELOGS + changelog);
		ChangeLogParameters changeLogParameters = new ChangeLogParameters();
		parameters.forEach(changeLogParameters::set);
		arguments.put("changelogParameters", changeLogParameters);
		for (int i = 0; i < moreArguments.length; i += 2) {
			arguments.put((String) moreArguments[i], moreArguments[i + 1]);
		}
		return run(command, database, arguments);
	}

	/** Creates the roles the changelogs grant to, once per cluster. */
	static void createRoles(TestDatabase database) throws SQLException {
		sql(database, """
				do $$ begin
				    if not exists (select from pg_roles where rolname = 'pgai_liquibase_reader') then
				        create role pgai_liquibase_reader; end if;
				    if not exists (select from pg_roles where rolname = 'pgai_liquibase_writer') then
				        create role pgai_liquibase_writer; end if;
				end $$""");
	}


	/** Runs statements, each in its own auto-committed step. */
	static void sql(TestDatabase database, String... statements) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
