package io.pgai.spring.vectorizer.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgai.spring.test.ExpectedStore;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.FakeEmbeddingApi.Fault;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.chunking.RecursiveCharacterTextSplitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker against a loopback server speaking OpenAI's and Ollama's embedding APIs, with
 * injected faults, on real PostgreSQL.
 */
@SuppressWarnings("unchecked")
class VectorizerWorkerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final RecursiveCharacterTextSplitter SPLITTER = new RecursiveCharacterTextSplitter(40, 5,
			RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false);

	private final JdbcTemplate jdbc = Jdbc.template();

	private FakeEmbeddingApi api;

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
				"pgai.vectorizer.worker.initial-backoff=100ms", "pgai.vectorizer.worker.max-backoff=400ms",
				"pgai.vectorizer.worker.max-retries=3", "pgai.vectorizer.worker.read-timeout=700ms",
				"pgai.vectorizer.worker.batch-size=10", "TEST_OPENAI_KEY=sk-test-secret-123")
		.withUserConfiguration(Meters.class);

	@BeforeEach
	void createSource() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		this.jdbc.execute("drop table if exists articles_w, articles_w_embedding_store cascade");
		this.jdbc.execute("drop view if exists articles_w_embedding");
		Sql.freshAiSchema();
		this.jdbc.execute("create table articles_w (id bigint primary key, title text, body text)");
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void queuedRowsAreChunkedFormattedAndEmbeddedInBatchesWithTheApiKey() {
		insertArticles(25);
		openAiVectorizer().formattingPythonTemplate("$title: $chunk").execute(this.jdbc);
		this.runner.run((context) -> {
			awaitQueueEmpty();
			List<String> expected = new ArrayList<>();
			RecursiveCharacterTextSplitter splitter = new RecursiveCharacterTextSplitter(40, 5,
					RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false);
			for (int i = 1; i <= 25; i++) {
				for (String chunk : splitter.split(body(i))) {
					expected.add("Title " + i + ": " + chunk);
				}
			}
			assertThat(this.jdbc.queryForList("select chunk from articles_w_embedding_store order by id, chunk_seq",
					String.class)).containsExactlyElementsOf(expected);
			assertThat(this.jdbc.queryForObject("select min(chunk_seq) from articles_w_embedding_store", Integer.class))
				.isZero();
			String first = expected.get(0);
			assertThat(this.jdbc.queryForObject(
					"select embedding::text from articles_w_embedding_store where chunk = ?", String.class, first))
				.isEqualTo(new com.pgvector.PGvector(this.api.vectorOf(first)).toString());
			assertThat(this.api.requests()).allSatisfy((request) -> {
				assertThat(request.path()).isEqualTo("/v1/embeddings");
				assertThat(request.authorization()).isEqualTo("Bearer sk-test-secret-123");
				assertThat(request.body()).containsEntry("model", "text-embedding-3-small")
					.containsEntry("dimensions", 3)
					.containsEntry("encoding_format", "base64");
			});
			// 25 rows in batches of 10: one request per batch.
			assertThat(this.api.requests()).hasSize(3);
			assertThat(this.jdbc.queryForObject("select count(*) from ai.vectorizer_errors", Long.class)).isZero();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("pgai.vectorizer.chunks.embedded").counter().count()).isEqualTo(expected.size());
			assertThat(meters.get("pgai.vectorizer.rows.processed").counter().count()).isEqualTo(25);
		});
	}

	@Test
	void updatesReembedDeletesRemovePrimaryKeyChangesMoveAndTruncateEmpties() {
		insertArticles(3);
		openAiVectorizer().execute(this.jdbc);
		this.runner.run((context) -> {
			awaitQueueEmpty();
			this.jdbc.update("update articles_w set body = 'Completely new text.' where id = 1");
			this.jdbc.update("delete from articles_w where id = 2");
			this.jdbc.update("update articles_w set id = 30 where id = 3");
			awaitQueueEmpty();
			List<String> expected = new ArrayList<>(List.of("1:Completely new text."));
			new RecursiveCharacterTextSplitter(40, 5, RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false)
				.split(body(3))
				.forEach((chunk) -> expected.add("30:" + chunk));
			assertThat(this.jdbc.queryForList(
					"select id || ':' || chunk from articles_w_embedding_store order by id, chunk_seq", String.class))
				.containsExactlyElementsOf(expected);
			this.jdbc.execute("truncate articles_w");
			assertThat(this.jdbc.queryForObject("select count(*) from articles_w_embedding_store", Long.class)).isZero();
		});
	}

	@Test
	void serverErrorsDisconnectsAndGarbledAnswersAreRetried() {
		insertArticles(2);
		this.api.fail(Fault.status(500), Fault.tooManyRequests(1), Fault.malformed(), Fault.disconnect());
		openAiVectorizer().execute(this.jdbc);
		this.runner.withPropertyValues("pgai.vectorizer.worker.max-retries=5").run((context) -> {
			awaitQueueEmpty();
			assertThat(this.jdbc.queryForObject("select count(*) from articles_w_embedding_store", Long.class))
				.isPositive();
			assertThat(this.api.requests()).hasSizeGreaterThanOrEqualTo(5);
			assertThat(this.jdbc.queryForObject("select count(*) from ai.vectorizer_errors", Long.class)).isZero();
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void timeoutsBeyondTheRetriesAreRecordedAndTheRowsStayQueued() {
		insertArticles(2);
		this.api.fail(Fault.slow(1500), Fault.slow(1500), Fault.slow(1500), Fault.slow(1500), Fault.slow(1500));
		openAiVectorizer().execute(this.jdbc);
		this.runner.run((context) -> {
			Waiter.until("a recorded timeout", WAIT, () -> errors().stream().anyMatch((e) -> e.contains("no answer")));
			assertThat(this.jdbc.queryForObject("select count(*) from articles_w_embedding_store", Long.class)).isZero();
			Waiter.until("the rows embedded once the API answers", WAIT,
					() -> this.jdbc.queryForObject("select count(*) from articles_w_embedding_store", Long.class) > 0
							&& pending() == 0);
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void anAnswerOfTheWrongDimensionsIsRecordedAndNothingIsWritten() {
		insertArticles(2);
		this.api.answerDimensions(5);
		openAiVectorizer().execute(this.jdbc);
		this.runner.run((context) -> {
			Waiter.until("the dimension error", WAIT,
					() -> errors().stream().anyMatch((e) -> e.contains("answered a vector of 5 dimensions")));
			assertThat(this.jdbc.queryForObject("select count(*) from articles_w_embedding_store", Long.class)).isZero();
			assertThat(pending()).isEqualTo(2);
			this.api.answerDimensions(3);
			awaitQueueEmpty();
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void theHnswIndexIsCreatedOnceTheStoreHasMinRowsAndTheQueueIsEmpty() {
		insertArticles(12);
		openAiVectorizer().indexingHnsw(5, "vector_ip_ops").execute(this.jdbc);
		this.runner.run((context) -> {
			awaitQueueEmpty();
			Waiter.until("the HNSW index", WAIT, () -> this.jdbc.queryForObject(
					"select count(*) from pg_indexes where tablename = 'articles_w_embedding_store' "
							+ "and indexdef like '%USING hnsw (embedding vector_ip_ops)%'",
					Long.class) == 1);
		});
	}

	@Test
	void healthShowsBacklogAndFailuresAndIsDegradedNotDownWhileTheProviderFails() {
		insertArticles(2);
		this.api.answerDimensions(5);
		openAiVectorizer().execute(this.jdbc);
		this.runner.run((context) -> {
			VectorizerHealthIndicator health = context.getBean(VectorizerHealthIndicator.class);
			Waiter.until("the health to be degraded", WAIT,
					() -> VectorizerHealthIndicator.DEGRADED.equals(health.health(true).getStatus()));
			Map<String, Object> details = (Map<String, Object>) health.health(true)
				.getDetails()
				.get("public_articles_w_embedding_store");
			assertThat(details).containsEntry("pending", 2L).containsEntry("failed", 0L);
			assertThat((String) details.get("lastError")).contains("answered a vector of 5 dimensions");
			// Boot's aggregation leaves out a status it is not told about: the application stays UP...
			assertThat(new SimpleStatusAggregator().getAggregateStatus(Set.of(Status.UP, health.health().getStatus())))
				.isEqualTo(Status.UP);
			// ...unless management.endpoint.health.status.order names it.
			assertThat(new SimpleStatusAggregator("DOWN", "OUT_OF_SERVICE", "DEGRADED", "UP", "UNKNOWN")
				.getAggregateStatus(Set.of(Status.UP, health.health().getStatus()))).isEqualTo(VectorizerHealthIndicator.DEGRADED);
			this.api.answerDimensions(3);
			Waiter.until("the health to recover", WAIT, () -> Status.UP.equals(health.health(true).getStatus()));
			assertThat(pending()).isZero();
		});
	}

	@Test
	void healthCountsABacklogOnlyUpToTenThousandAndCanBeSwitchedOff() {
		this.jdbc.execute("insert into articles_w select g, 'Title ' || g, 'Body ' || g from generate_series(1, 10001) g");
		FakeEmbeddingApi.Gate gate = this.api.hold();
		openAiVectorizer().execute(this.jdbc);
		this.runner.run((context) -> {
			try (gate) {
				gate.awaitHeld(1);
				Map<String, Object> details = (Map<String, Object>) context.getBean(VectorizerHealthIndicator.class)
					.health(true)
					.getDetails()
					.get("public_articles_w_embedding_store");
				assertThat(details).containsEntry("pending", "more than 10000");
			}
		});
		this.runner.withPropertyValues("management.health.vectorizer.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(VectorizerHealthIndicator.class));
	}

	@Test
	void aPoisonRowIsIsolatedRetriedAndMovedToTheFailedQueue() {
		insertArticles(10);
		this.jdbc.update("update articles_w set body = 'POISON pill' where id = 5");
		CreateVectorizer.source("articles_w")
			.loadingColumn("body", 1)
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingRecursiveCharacterTextSplitter(40, 5)
			.execute(this.jdbc);
		this.api.rejectInputsContaining("POISON");
		this.runner.run((context) -> {
			Waiter.until("the other rows embedded", WAIT, () -> this.jdbc
				.queryForObject("select count(distinct id) from articles_w_embedding_store", Long.class) == 9);
			Waiter.until("the poison row in the failed queue", WAIT,
					() -> this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_failed_1", Long.class) == 1);
			assertThat(this.jdbc.queryForObject("select id from ai._vectorizer_q_failed_1", Long.class)).isEqualTo(5);
			assertThat(pending()).isZero();
			assertThat(errors()).hasSizeGreaterThanOrEqualTo(2).allSatisfy((e) -> assertThat(e).contains("HTTP 400"));
		});
	}

	@Test
	void ollamasNativeApiIsSpoken() {
		insertArticles(2);
		CreateVectorizer.source("articles_w")
			.loadingColumn("body")
			.embeddingOllama("nomic-embed-text", 3, this.api.baseUrl())
			.chunkingNone()
			.execute(this.jdbc);
		this.runner.run((context) -> {
			awaitQueueEmpty();
			assertThat(this.jdbc.queryForObject("select count(*) from articles_w_embedding_store", Long.class))
				.isEqualTo(2);
			assertThat(this.api.requests()).allSatisfy((request) -> {
				assertThat(request.path()).isEqualTo("/api/embed");
				assertThat(request.body()).containsEntry("model", "nomic-embed-text");
			});
		});
	}

	@Test
	void aMissingApiKeyIsAClearErrorAndNoKeyIsEverRecorded() {
		insertArticles(1);
		CreateVectorizer.source("articles_w")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3)
			.execute(this.jdbc);
		this.runner.run((context) -> {
			Waiter.until("the missing key error", WAIT,
					() -> errors().stream().anyMatch((e) -> e.contains("set the environment variable OPENAI_API_KEY")));
			assertThat(this.jdbc.queryForList("select message || details::text from ai.vectorizer_errors", String.class))
				.noneMatch((e) -> e.contains("sk-test-secret-123"));
		});
	}

	@Test
	void aServerThatAnswersListsOfNumbersInsteadOfBase64IsUnderstoodToo() {
		this.api.answerFloatsOnly();
		insertArticles(4);
		openAiVectorizer().execute(this.jdbc);
		this.runner.run((context) -> {
			awaitQueueEmpty();
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void keysOfEveryCommonTypeAreWrittenWithTheirChunksAndVectorsExactly() {
		for (String table : List.of("keys_uuid", "keys_composite", "keys_numeric")) {
			this.jdbc.execute("drop view if exists " + table + "_embedding");
			this.jdbc.execute("drop table if exists " + table + ", " + table + "_embedding_store cascade");
		}
		this.jdbc.execute("create table keys_uuid (id uuid primary key, body text)");
		this.jdbc.execute("create table keys_composite (tenant varchar(20), n smallint, code char(3), body text, "
				+ "primary key (tenant, n, code))");
		this.jdbc.execute("create table keys_numeric (id numeric(10, 2) primary key, body text)");
		for (int i = 1; i <= 12; i++) {
			this.jdbc.update("insert into keys_uuid values (?, ?)", java.util.UUID.nameUUIDFromBytes(new byte[] { (byte) i }),
					body(i));
			this.jdbc.update("insert into keys_composite values (?, ?, ?, ?)", "tenant\t" + (i % 3), (short) i, "c" + i,
					body(i));
			this.jdbc.update("insert into keys_numeric values (?, ?)", new java.math.BigDecimal(i + ".25"), body(i));
		}
		for (String table : List.of("keys_uuid", "keys_composite", "keys_numeric")) {
			CreateVectorizer.source(table)
				.loadingColumn("body")
				.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
				.chunkingRecursiveCharacterTextSplitter(40, 5)
				.execute(this.jdbc);
		}
		this.runner.run((context) -> {
			awaitQueueEmpty();
			assertStoreMatches("keys_uuid", "id::text");
			assertStoreMatches("keys_composite", "tenant || '/' || n || '/' || code");
			assertStoreMatches("keys_numeric", "id::text");
		});
		assertThat(errors()).isEmpty();
	}

	private void assertStoreMatches(String source, String key) {
		assertThat(ExpectedStore.actual(this.jdbc, source + "_embedding_store", key)).as(source)
			.containsExactlyElementsOf(ExpectedStore.fromScratch(this.jdbc, source, key, "body", SPLITTER, this.api));
	}

	@Test
	void twoWorkersOnOneQueueLeaveTheStoreOfAFromScratchRun() {
		insertArticles(200);
		openAiVectorizer().execute(this.jdbc);
		ApplicationContextRunner concurrent = this.runner.withPropertyValues("pgai.vectorizer.worker.concurrency=2",
				"pgai.vectorizer.worker.batch-size=7");
		concurrent.run((first) -> concurrent.run((second) -> awaitQueueEmpty()));
		assertStoreMatchesTheSource();
		assertThat(this.jdbc.queryForObject("select count(*) from ai.vectorizer_errors", Long.class)).isZero();
	}

	@Test
	void retryAfterIsWaitedInsteadOfTheBackoffAndNotAfterTheLastAttempt() {
		insertArticles(1);
		// Backoff 700 ms: had it been added to the 1 s the provider asks for, the wait would pass 1.3 s.
		this.api.fail(Fault.tooManyRequests(1), Fault.tooManyRequests(1), Fault.tooManyRequests(1));
		openAiVectorizer().execute(this.jdbc);
		this.runner
			.withPropertyValues("pgai.vectorizer.worker.initial-backoff=700ms", "pgai.vectorizer.worker.max-retries=1",
					"pgai.vectorizer.worker.max-backoff=5s")
			.run((context) -> {
				Waiter.until("the failure after the last attempt", WAIT, () -> !errors().isEmpty());
				long recorded = System.nanoTime();
				List<FakeEmbeddingApi.Request> requests = this.api.requests();
				assertThat(requests).hasSize(2);
				long waited = (requests.get(1).receivedNanos() - requests.get(0).receivedNanos()) / 1_000_000;
				assertThat(waited).as("ms between the 429 and the retry").isBetween(1000L, 1300L);
				long afterLast = (recorded - requests.get(1).receivedNanos()) / 1_000_000;
				assertThat(afterLast).as("ms from the last attempt to the recorded failure").isLessThan(700L);
				awaitQueueEmpty();
			});
	}

	/** Every row has exactly the chunks a from-scratch run gives it, each with the API's vector for it. */
	private void assertStoreMatchesTheSource() {
		assertStoreMatches("articles_w", "id::text");
	}

	private CreateVectorizer openAiVectorizer() {
		return CreateVectorizer.source("articles_w")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingRecursiveCharacterTextSplitter(40, 5);
	}

	private void insertArticles(int count) {
		for (int i = 1; i <= count; i++) {
			this.jdbc.update("insert into articles_w values (?, ?, ?)", (long) i, "Title " + i, body(i));
		}
	}

	private static String body(int i) {
		return "Article number " + i + " talks about vectors. It also mentions Postgres and Spring in passing.";
	}

	private void awaitQueueEmpty() {
		Waiter.until("an empty queue", WAIT, () -> pending() == 0);
	}

	private long pending() {
		Long pending = this.jdbc.queryForObject("select coalesce(sum(ai.vectorizer_queue_pending(id, true)), 0) "
				+ "from ai.vectorizer", Long.class);
		return (pending != null) ? pending : 0;
	}

	private List<String> errors() {
		return this.jdbc.queryForList("select message from ai.vectorizer_errors", String.class);
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class Meters {

		@org.springframework.context.annotation.Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
