package io.pgai.spring.vectorizer.worker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.vectorizer.CreateVectorizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker in an application's life: a command-line application that has done its work exits
 * (the worker's threads are daemons, as Boot's own schedulers'), with the in-process model and no
 * warnings from its GPU probe. A worker-only service keeps running with
 * {@code spring.main.keep-alive=true}, as the crash tests' worker processes do.
 */
class WorkerLifecycleIntegrationTests {

	private final JdbcTemplate jdbc = Jdbc.template();

	@AfterEach
	void close() {
		Jdbc.close(this.jdbc);
	}

	@Test
	void aCommandLineApplicationExitsWhenItsWorkIsDoneWithoutModelNoise() throws Exception {
		Sql.freshAiSchema();
		this.jdbc.execute("drop table if exists cli_notes, cli_notes_embedding_store cascade");
		this.jdbc.execute("create table cli_notes (id bigint primary key, body text)");
		this.jdbc.execute("insert into cli_notes values (1, 'A single note, embedded in process.')");
		CreateVectorizer.source("cli_notes")
			.loadingColumn("body")
			.embeddingLocal("all-MiniLM-L6-v2", 384)
			.chunkingNone()
			.execute(this.jdbc);
		Path log = Files.createTempFile("cli-app", ".log");
		TestDatabase database = TestDatabase.get();
		List<String> command = new ArrayList<>(List.of(
				System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-cp",
				System.getProperty("java.class.path"), CommandLineApp.class.getName(),
				"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(), "--spring.jpa.hibernate.ddl-auto=none"));
		Process application = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean exited = application.waitFor(120, TimeUnit.SECONDS);
		if (!exited) {
			application.destroyForcibly().waitFor();
		}
		String output = Files.readString(log);
		assertThat(exited).as("the application exited by itself; its output:%n%s", output).isTrue();
		assertThat(application.exitValue()).as(output).isZero();
		assertThat(output).contains("caught up: true")
			.contains("1 row embedded (1 chunk)")
			.doesNotContain("Failed to detect GPU count");
		assertThat(this.jdbc.queryForObject("select count(*) from cli_notes_embedding_store", Long.class)).isOne();
	}

}
