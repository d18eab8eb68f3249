package io.pgai.spring.vectorizer.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgai.spring.test.ExpectedStore;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.chunking.RecursiveCharacterTextSplitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An updated row is chunked again, but only chunks whose formatted text changed are sent to the
 * provider; the others keep their stored vector. The texts the loopback provider receives are
 * counted.
 */
class ChunkReuseIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final RecursiveCharacterTextSplitter SPLITTER = new RecursiveCharacterTextSplitter(60, 0,
			RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false);

	private final JdbcTemplate jdbc = Jdbc.template();

	private FakeEmbeddingApi api;

	private int vectorizerId;

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
				"TEST_OPENAI_KEY=sk-test")
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@BeforeEach
	void createSource() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		Sql.freshAiSchema();
		this.jdbc.execute("drop table if exists reuse_docs, reuse_docs_embedding_store cascade");
		this.jdbc.execute("create table reuse_docs (id bigint primary key, title text, views int, body text)");
		for (int i = 1; i <= 3; i++) {
			this.jdbc.update("insert into reuse_docs values (?, ?, 0, ?)", (long) i, "Title " + i, body(i, "first"));
		}
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void anUpdateOfAColumnThatIsNotEmbeddedSendsNothingAndRewritesNothing() {
		createVectorizer(null);
		this.runner.run((context) -> {
			awaitQueueEmpty();
			List<String> uuids = uuids();
			int before = this.api.texts().size();
			this.jdbc.update("update reuse_docs set views = 7, title = 'Another title' where id = 2");
			assertThat(queued()).isOne();
			awaitQueueEmpty();
			assertThat(this.api.texts()).hasSize(before);
			// Not even rewritten: the same rows, not equal copies of them.
			assertThat(uuids()).isEqualTo(uuids);
			awaitReused(context.getBean(MeterRegistry.class), SPLITTER.split(body(2, "first")).size());
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void aChangedBodySendsOnlyItsChangedChunks() {
		createVectorizer(null);
		this.runner.run((context) -> {
			awaitQueueEmpty();
			int before = this.api.texts().size();
			this.jdbc.update("update reuse_docs set body = ? where id = 2", body(2, "second"));
			awaitQueueEmpty();
			List<String> changed = new ArrayList<>(SPLITTER.split(body(2, "second")));
			changed.removeAll(SPLITTER.split(body(2, "first")));
			assertThat(changed).hasSize(1);
			assertThat(this.api.texts().subList(before, this.api.texts().size())).containsExactlyElementsOf(changed);
			awaitReused(context.getBean(MeterRegistry.class), SPLITTER.split(body(2, "second")).size() - 1);
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void aTemplateColumnThatChangesChangesEveryChunksTextSoAllAreEmbeddedAgain() {
		createVectorizer("$title: $chunk");
		this.runner.run((context) -> {
			awaitQueueEmpty();
			int before = this.api.texts().size();
			this.jdbc.update("update reuse_docs set views = 3 where id = 1");
			awaitQueueEmpty();
			assertThat(this.api.texts()).hasSize(before);
			this.jdbc.update("update reuse_docs set title = 'Renamed' where id = 1");
			awaitQueueEmpty();
			assertThat(this.api.texts().subList(before, this.api.texts().size())).containsExactlyElementsOf(
					SPLITTER.split(body(1, "first")).stream().map((chunk) -> "Renamed: " + chunk).toList());
		});
	}

	private void createVectorizer(String template) {
		CreateVectorizer vectorizer = CreateVectorizer.source("reuse_docs")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingRecursiveCharacterTextSplitter(60, 0);
		this.vectorizerId = ((template != null) ? vectorizer.formattingPythonTemplate(template) : vectorizer)
			.execute(this.jdbc);
	}

	/** Four sentences; the third says which version of the body this is. */
	private static String body(int id, String version) {
		return "Document " + id + " opens with a sentence. It goes on with a second one. "
				+ "This is the " + version + " version of its third. And it ends with a fourth sentence.";
	}

	/** The batch reports its meters just after its commit empties the queue. */
	private static void awaitReused(MeterRegistry meters, int chunks) {
		Waiter.until(chunks + " chunks reported reused", WAIT,
				() -> meters.find("pgai.vectorizer.chunks.reused").counters().stream().mapToDouble((c) -> c.count()).sum()
						== chunks);
	}

	private List<String> uuids() {
		return this.jdbc.queryForList("select embedding_uuid::text from reuse_docs_embedding_store order by 1",
				String.class);
	}

	private long queued() {
		return this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_" + this.vectorizerId, Long.class);
	}

	private void awaitQueueEmpty() {
		Waiter.until("an empty queue", WAIT, () -> queued() == 0);
	}

	private void assertStoreMatchesTheSource() {
		assertThat(ExpectedStore.actual(this.jdbc, "reuse_docs_embedding_store", "id::text"))
			.containsExactlyElementsOf(
					ExpectedStore.fromScratch(this.jdbc, "reuse_docs", "id::text", "body", SPLITTER, this.api));
	}

}
