package io.pgai.spring.autoconfigure;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.test.Waiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service with the starter and no JPA at all (no Hibernate, no Jakarta Persistence, no ByteBuddy,
 * no Spring ORM or Spring Data JPA on its class path) installs the {@code ai} catalog and runs the
 * worker: the vectorizer auto-configuration needs a {@code DataSource} only.
 */
class WorkerOnlyServiceIntegrationTests {

	/** The jars a service that excludes the starter's JPA dependencies does not have (Bean Validation stays). */
	private static final Pattern JPA = Pattern.compile(
			".*/(hibernate-(?!validator)[^/]*|jakarta\\.persistence-api[^/]*|byte-buddy[^/]*|spring-orm[^/]*|spring-data-jpa[^/]*"
					+ "|spring-boot-hibernate[^/]*|spring-boot-jpa[^/]*|spring-boot-data-jpa[^/]*"
					// nor Spring AI, which other tests have
					+ "|spring-ai-[^/]*|openai-java[^/]*)\\.jar");

	private static final Path LOG = Path.of("target/worker-only-service.log");

	private FakeEmbeddingApi api;

	private TestDatabase database;

	private JdbcTemplate jdbc;

	@BeforeEach
	void emptyDatabase() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		this.database = TestDatabase.fresh("pgai_worker_only");
		this.jdbc = new JdbcTemplate(new DriverManagerDataSource(this.database.url(), this.database.username(),
				this.database.password()));
		Files.deleteIfExists(LOG);
	}

	@AfterEach
	void close() {
		this.api.close();
	}

	@Test
	void aServiceWithoutJpaInstallsTheCatalogAndRunsTheWorker() throws Exception {
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !JPA.matcher(entry.replace(File.separatorChar, '/')).matches())
			.collect(Collectors.joining(File.pathSeparator));
		assertThat(classPath).doesNotContain("hibernate-core").doesNotContain("jakarta.persistence-api");
		List<String> command = new ArrayList<>(List.of(
				System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-cp", classPath,
				WorkerOnlyService.class.getName(), "--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + this.database.username(),
				"--spring.datasource.password=" + this.database.password(),
				"--pgai.vectorizer.worker.poll-interval=100ms", "--TEST_OPENAI_KEY=sk-test",
				// Flyway is on this test class path for other tests; such a service has no migrations of its own
				"--spring.flyway.enabled=false"));
		Process service = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(LOG.toFile()))
			.start();
		try {
			Waiter.until("the ai catalog installed by the service (see " + LOG + ")", Duration.ofSeconds(60),
					() -> service.isAlive() && Boolean.TRUE.equals(this.jdbc
						.queryForObject("select to_regclass('ai.vectorizer') is not null", Boolean.class)));
			this.jdbc.execute("create table notes (id int primary key, body text)");
			this.jdbc.execute("insert into notes select g, 'Note ' || g from generate_series(1, 5) g");
			this.jdbc.queryForObject("""
					select ai.create_vectorizer('notes'::regclass, loading => ai.loading_column('body'),
					    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
					        base_url => ?))""", Integer.class, this.api.baseUrl() + "/v1");
			Waiter.until("the worker of the service to embed the notes (see " + LOG + ")", Duration.ofSeconds(60),
					() -> this.jdbc.queryForObject("select count(*) from notes_embedding_store", Long.class) == 5);
			assertThat(this.jdbc.queryForList("select chunk from notes_embedding_store order by id", String.class))
				.containsExactly("Note 1", "Note 2", "Note 3", "Note 4", "Note 5");
			assertThat(Files.readString(LOG)).doesNotContain("ERROR").doesNotContain("HHH");
		}
		finally {
			service.destroy();
			service.waitFor();
		}
	}

}
