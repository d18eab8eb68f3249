package io.pgai.spring.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.autoconfigure.VectorizerDataSource;
import io.pgai.spring.autoconfigure.VectorizerWorkerPool;
import io.pgai.spring.reliability.entity.Note;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.test.WorkerSessions;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Load, bad input and privileges, with what was tried and what held written to
 * target/reliability-report.md. The load runs 5 s here and 60 s with
 * {@code -Dpgai.reliability.seconds=60}.
 */
class ReliabilityIntegrationTests {

	private final JdbcTemplate jdbc = Jdbc.template();

	private FakeEmbeddingApi api;

	private ApplicationContextRunner runner;

	@BeforeEach
	void createNotes() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		this.jdbc.execute("drop table if exists rel_notes, rel_notes_embedding_store cascade");
		Sql.freshAiSchema();
		this.jdbc.execute("create table rel_notes (id bigint primary key, body text)");
		this.runner = JpaContextRunners.withDatabase()
			.withUserConfiguration(Notes.class)
			.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
					"pgai.vectorizer.worker.initial-backoff=100ms", "pgai.vectorizer.worker.max-backoff=300ms",
					"TEST_OPENAI_KEY=sk-right-key");
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void thirtyTwoSearchThreadsOnTenConnectionsWhileTheWorkerBackfills() throws Exception {
		insert(2000, (i) -> "Note " + i + " about load. It has two sentences.");
		vectorizer().chunkingRecursiveCharacterTextSplitter(20, 0).execute(this.jdbc);
		this.runner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=10").run((context) -> {
			EmbeddingRepository<Note> notes = repository(context);
			Waiter.until("the first chunks", Duration.ofSeconds(30), () -> count("rel_notes_embedding_store") > 0);
			int threads = 32;
			long deadline = System.nanoTime() + Duration.ofSeconds(ReliabilityReport.LoadSettings.seconds()).toNanos();
			AtomicLong errors = new AtomicLong();
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			List<Future<List<Long>>> clients = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int seed = t;
				clients.add(executor.submit(() -> {
					Random random = new Random(seed);
					List<Long> latencies = new ArrayList<>();
					while (System.nanoTime() < deadline) {
						float[] query = { random.nextFloat(), random.nextFloat(), random.nextFloat() + 0.01f };
						long started = System.nanoTime();
						try {
							if (random.nextBoolean()) {
								notes.findNearest(query, 10);
							}
							else {
								notes.findNearestParents(query, 10);
							}
						}
						catch (RuntimeException ex) {
							errors.incrementAndGet();
						}
						latencies.add(System.nanoTime() - started);
					}
					return latencies;
				}));
			}
			List<Long> all = new ArrayList<>();
			for (Future<List<Long>> client : clients) {
				all.addAll(client.get());
			}
			executor.shutdown();
			executor.awaitTermination(10, TimeUnit.SECONDS);
			long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
			double p99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6;
			assertThat(errors.get()).isZero();
			// Every search has returned its connection; the worker's pool is apart and checked once it stops.
			HikariDataSource pool = (HikariDataSource) context.getBean(DataSource.class);
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
			context.getBean(VectorizerWorker.class).stop();
			HikariDataSource workerPool = (HikariDataSource) context.getBean(VectorizerWorkerPool.class).getDataSource();
			assertThat(workerPool.getHikariPoolMXBean().getActiveConnections()).isZero();
			assertThat(WorkerSessions.inTransaction(this.jdbc)).isEmpty();
			ReliabilityReport.record("Load", threads + " threads, findNearest and findNearestParents, "
					+ ReliabilityReport.LoadSettings.seconds() + " s, pool of 10, worker backfilling 2,000 rows "
					+ "on its own pool", sorted.length + " calls, 0 errors, p99 " + String.format("%.1f", p99)
							+ " ms; after: 0 connections active in the application's pool, and 0 in the "
							+ "worker's once it stopped: no leak");
		});
	}

	@Test
	void nullEmptyHugeControlAndNonLatinTextAreHandled() {
		String huge = "A sentence to embed. ".repeat(500_000);
		String controls = "bell\u0007 tab\t escape\u001b form\f end";
		String nonLatin = "向量搜索 — поиск векторов — بحث المتجهات — 🔎🐘";
		this.jdbc.update("insert into rel_notes values (1, null), (2, ''), (3, ?), (4, ?), (5, ?), (6, 'plain')",
				huge, controls, nonLatin);
		vectorizer().chunkingRecursiveCharacterTextSplitter(800, 0).execute(this.jdbc);
		this.runner.run((context) -> {
			Waiter.until("the backfill", Duration.ofSeconds(120), () -> pending() == 0);
			assertThat(chunksOf(1)).isEmpty();
			assertThat(chunksOf(2)).isEmpty();
			assertThat(String.join("", chunksOf(3)).replace(" ", "")).isEqualTo(huge.replace(" ", ""));
			assertThat(chunksOf(4)).containsExactly(controls);
			assertThat(chunksOf(5)).containsExactly(nonLatin);
			assertThat(chunksOf(6)).containsExactly("plain");
			assertThat(count("ai._vectorizer_errors")).isZero();
		});
		ReliabilityReport.record("Bad input in the loading column",
				"NULL, empty, 10 MB, control characters, CJK/Cyrillic/Arabic/emoji",
				"NULL and empty get no chunks; 10 MB text gets " + chunksOf(3).size()
						+ " chunks that reassemble to it; control and non-Latin text stored exactly; no errors");
	}

	@Test
	void aRowDeletedWhileItsBatchIsEmbeddedEndsWithoutChunks() {
		insert(20, (i) -> "Row " + i);
		FakeEmbeddingApi.Gate gate = this.api.hold();
		int vectorizer = vectorizer().chunkingNone().execute(this.jdbc);
		this.runner.run((context) -> {
			try (gate) {
				gate.awaitHeld(1);
				// The batch of all 20 rows is in flight: the worker holds each row's lock, and no transaction.
				assertThat(WorkerSessions.lockedIds(this.jdbc, vectorizer, "rel_notes")).hasSize(20);
				assertThat(WorkerSessions.inTransaction(this.jdbc)).isEmpty();
				this.jdbc.update("delete from rel_notes where id between 1 and 10");
			}
			Waiter.until("the backfill", Duration.ofSeconds(30), () -> pending() == 0);
			assertThat(this.jdbc.queryForList("select distinct id from rel_notes_embedding_store order by id", Long.class))
				.containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
		});
		ReliabilityReport.record("Source rows deleted while being embedded",
				"10 of 20 rows deleted while their batch was held at the provider (its 20 row locks seen in pg_locks)",
				"the deleted rows end with no chunks, the others with theirs");
	}

	@Test
	void sixteenSearchThreadsOnAPoolOfFourKeepSearchingWhileTheWorkerHoldsFourBatches() throws Exception {
		insert(400, (i) -> "Note " + i + " about pools.");
		int vectorizer = vectorizer().chunkingNone().processing(10, 4).execute(this.jdbc);
		ApplicationContextRunner smallPool = this.runner.withPropertyValues(
				"spring.datasource.hikari.maximum-pool-size=4", "spring.datasource.hikari.connection-timeout=1000");
		smallPool.run((context) -> {
			Waiter.until("a first backfill", Duration.ofSeconds(30), () -> pending() == 0);
			this.jdbc.update("update rel_notes set body = body || ' Edited.'");
			try (FakeEmbeddingApi.Gate gate = this.api.hold()) {
				gate.awaitHeld(4);
				assertThat(WorkerSessions.lockHolders(this.jdbc, vectorizer)).containsExactly(WorkerSessions.APPLICATION_NAME);
				assertThat(WorkerSessions.lockedIds(this.jdbc, vectorizer, "rel_notes")).hasSize(40);
				SearchLoad load = SearchLoad.run(repository(context), 16, 25);
				assertThat(load.failures()).as("searches that failed, such as waiting out the pool's 1 s timeout")
					.isEmpty();
				assertThat(gate.held()).as("the four batches still held after the searches").isEqualTo(4);
				ReliabilityReport.record("Search beside a backfill", "16 threads x 25 findNearest on an application "
						+ "pool of 4 (1 s timeout) while 4 batches are held at the provider",
						load.calls() + " searches, 0 failed: the worker's batches hold connections of its own pool");
			}
			Waiter.until("the backfill after the searches", Duration.ofSeconds(30), () -> pending() == 0);
		});
		// The same on one shared pool, as the worker had before: the held batches starve the searches.
		this.jdbc.update("update rel_notes set body = body || ' Again.'");
		smallPool.withUserConfiguration(SharedPool.class).run((context) -> {
			try (FakeEmbeddingApi.Gate gate = this.api.hold()) {
				gate.awaitHeld(4);
				assertThat(SearchLoad.run(repository(context), 16, 2).failures())
					.anySatisfy((failure) -> assertThat(failure).contains("Connection is not available"));
			}
		});
	}

	@Test
	void aWrongApiKeyIsAClearErrorAndTheKeyIsNeverRecorded() {
		insert(3, (i) -> "Row " + i);
		this.api.fail(FakeEmbeddingApi.Fault.status(401), FakeEmbeddingApi.Fault.status(401),
				FakeEmbeddingApi.Fault.status(401));
		vectorizer().chunkingNone().execute(this.jdbc);
		this.runner.run((context) -> {
			Waiter.until("the 401 recorded", Duration.ofSeconds(30),
					() -> this.jdbc.queryForList("select message from ai.vectorizer_errors", String.class)
						.stream()
						.anyMatch((m) -> m.contains("HTTP 401")));
			assertThat(this.jdbc.queryForList("select message || details::text from ai.vectorizer_errors", String.class))
				.noneMatch((e) -> e.contains("sk-right-key"));
			Waiter.until("recovery once the key is accepted", Duration.ofSeconds(30), () -> pending() == 0);
		});
		ReliabilityReport.record("API key rejected", "the provider answers 401 three times",
				"'HTTP 401' recorded in ai.vectorizer_errors with the provider, the key nowhere; rows embedded after");
	}

	@Test
	void anApplicationRoleWithPgaisAndTheWorkersGrantsSearchesAndRunsTheWorkerAndOneWithoutGetsAPermissionError() {
		this.jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = 'pgai_app') then "
				+ "create role pgai_app; end if; if not exists (select from pg_roles where rolname = 'pgai_stranger') "
				+ "then create role pgai_stranger; end if; end $$");
		insert(5, (i) -> "Granted row " + i);
		vectorizer().chunkingNone().grantTo("pgai_app").execute(this.jdbc);
		// pgai's grant_to covers reading and queueing; a worker also replaces chunks and records failures
		this.jdbc.execute("grant delete on rel_notes_embedding_store to pgai_app; "
				+ "grant insert on ai._vectorizer_errors to pgai_app");
		this.runner.withPropertyValues("spring.datasource.hikari.connection-init-sql=set role pgai_app")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Waiter.until("the worker running as pgai_app", Duration.ofSeconds(30), () -> pending() == 0);
				assertThat(repository(context).findNearest(new float[] { 1, 1, 1 }, 5)).hasSize(5);
			});
		this.runner.withPropertyValues("spring.datasource.hikari.connection-init-sql=set role pgai_stranger",
				"pgai.vectorizer.worker.enabled=false", "pgai.vectorizer.install=false", "pgai.validate-stores=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatThrownBy(() -> repository(context).findNearest(new float[] { 1, 1, 1 }, 5))
					.hasStackTraceContaining("permission denied for table rel_notes_embedding_store");
			});
		ReliabilityReport.record("Privileges",
				"a role with ai.grant_to('pgai_app') grants plus the worker's (delete on the store, insert on "
						+ "ai._vectorizer_errors); a role without",
				"pgai_app runs the worker and searches; pgai_stranger's search fails with "
						+ "'permission denied for table rel_notes_embedding_store', not an empty result");
	}

	private CreateVectorizer vectorizer() {
		return CreateVectorizer.source("rel_notes")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1");
	}

	private void insert(int rows, java.util.function.IntFunction<String> body) {
		List<Object[]> batch = new ArrayList<>();
		for (int i = 1; i <= rows; i++) {
			batch.add(new Object[] { (long) i, body.apply(i) });
		}
		this.jdbc.batchUpdate("insert into rel_notes values (?, ?)", batch);
	}

	private List<String> chunksOf(long id) {
		return this.jdbc.queryForList("select chunk from rel_notes_embedding_store where id = ? order by chunk_seq",
				String.class, id);
	}

	private long count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Long.class);
	}

	private long pending() {
		return this.jdbc.queryForObject("select coalesce(sum(ai.vectorizer_queue_pending(id, true)), 0) "
				+ "from ai.vectorizer", Long.class);
	}

	@SuppressWarnings("unchecked")
	private static EmbeddingRepository<Note> repository(AssertableApplicationContext context) {
		return (EmbeddingRepository<Note>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, Note.class))
			.getObject();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Note.class)
	static class Notes {

	}

	/** The worker on the application's own pool. */
	@Configuration(proxyBeanMethods = false)
	static class SharedPool {

		@Bean(defaultCandidate = false)
		@VectorizerDataSource
		DataSource sharedWithTheApplication(DataSource dataSource) {
			return dataSource;
		}

	}

	/** Threads that each run searches and collect what failed. */
	private record SearchLoad(long calls, List<String> failures) {

		static SearchLoad run(EmbeddingRepository<Note> notes, int threads, int callsEach) throws Exception {
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			List<Future<List<String>>> clients = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				clients.add(executor.submit(() -> {
					List<String> failures = new ArrayList<>();
					for (int i = 0; i < callsEach; i++) {
						try {
							notes.findNearest(new float[] { 1, 0.5f, 0.25f }, 5);
						}
						catch (RuntimeException ex) {
							failures.add(String.valueOf(ex.getMessage()));
						}
					}
					return failures;
				}));
			}
			List<String> failures = new ArrayList<>();
			for (Future<List<String>> client : clients) {
				failures.addAll(client.get());
			}
			executor.shutdown();
			return new SearchLoad((long) threads * callsEach, failures);
		}

	}

}
