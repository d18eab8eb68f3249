package io.pgai.spring.liquibase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.pgai.spring.liquibase.LiquibaseCommands.freshWithCatalog;
import static io.pgai.spring.liquibase.LiquibaseCommands.onChangelog;
import static io.pgai.spring.liquibase.LiquibaseCommands.run;
import static io.pgai.spring.liquibase.LiquibaseCommands.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquibase's {@code diff}, {@code diffChangelog} and {@code generateChangelog} leave out what
 * vectorizers manage (the {@code ai} schema, stores, views, queues, failed queues and the
 * embedding column of a column destination) and keep everything else, including tables and views
 * named like managed ones.
 */
class LiquibaseDiffIntegrationTests {

	/** Every name a vectorizer of every-option.xml manages, as a word of its own. */
	private static final Pattern MANAGED = Pattern.compile(
			"\\b(article_chunks|article_search|article_queue|_vectorizer_q_failed_\\d+|_vectorizer_q_\\d+|url_vector|vectorizer|"
					+ "vectorizer_worker_progress|pgai_lib_version|_vectorizer_errors|vectorizer_status)\\b");

	private static TestDatabase managed;

	private static TestDatabase empty;

	@BeforeAll
	static void databases() throws Exception {
		managed = freshWithCatalog("liquibase_diff_managed");
		LiquibaseCommands.createRoles(managed);
		onChangelog("update", managed, "every-option.xml", Map.of());
		// the user's own objects beside the managed ones, some named like them
		sql(managed, "create table article_chunks_archive (id bigint primary key, chunk text)",
				"create view article_titles as select id, title from articles", "create index notes_url on notes (url)",
				"create table ai_notes (id bigint primary key)");
		empty = TestDatabase.empty("liquibase_diff_empty");
	}

	@Test
	void aDiffAgainstAnEmptyDatabaseShowsTheSourcesButNoManagedObject() throws Exception {
		String diff = run("diff", empty,
				Map.of("referenceUrl", managed.url(), "schemas", "public,ai", "format", "TXT"));
		assertThat(diff).contains("Missing Table(s):", "articles", "notes", "article_chunks_archive", "ai_notes",
				"Missing View(s):", "article_titles", "Missing Index(s):", "notes_url");
		assertThat(MANAGED.matcher(diff).results().map((match) -> match.group())).isEmpty();
	}

	@Test
	void aGeneratedChangelogCreatesTheSourcesButNoManagedObject(@TempDir Path directory) throws Exception {
		Path changelog = directory.resolve("generated.xml");
		run("generateChangelog", managed, Map.of("changelogFile", changelog.toString(), "schemas", "public,ai"));
		String generated = Files.readString(changelog);
		assertThat(generated).contains("tableName=\"articles\"", "tableName=\"notes\"",
				"tableName=\"article_chunks_archive\"", "viewName=\"article_titles\"", "indexName=\"notes_url\"",
				"<column name=\"url\"");
		assertThat(MANAGED.matcher(generated).results().map((match) -> match.group())).isEmpty();
	}

	@Test
	void aDiffChangelogToAnEmptyDatabaseCreatesNoManagedObject(@TempDir Path directory) throws Exception {
		Path changelog = directory.resolve("diff.xml");
		run("diffChangelog", empty,
				Map.of("referenceUrl", managed.url(), "changelogFile", changelog.toString(), "schemas", "public"));
		String generated = Files.readString(changelog);
		assertThat(generated).contains("tableName=\"articles\"", "tableName=\"article_chunks_archive\"");
		assertThat(MANAGED.matcher(generated).results().map((match) -> match.group())).isEmpty();
	}

}
