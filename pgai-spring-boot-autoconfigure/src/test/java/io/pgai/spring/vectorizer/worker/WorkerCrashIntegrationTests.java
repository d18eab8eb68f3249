package io.pgai.spring.vectorizer.worker;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pgai.spring.reliability.ReliabilityReport;
import io.pgai.spring.test.ExpectedStore;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.test.WorkerSessions;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.chunking.RecursiveCharacterTextSplitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker killed with {@code kill -9} in the middle of its batches, or stopped while they run,
 * loses nothing: after a restart every source row has exactly its chunks, once.
 */
class WorkerCrashIntegrationTests {

	private static final int ROWS = 60;

	private JdbcTemplate jdbc = Jdbc.template();

	private String restartedHow = "";

	private FakeEmbeddingApi api;

	@BeforeEach
	void createSource() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		this.jdbc.execute("drop table if exists crash_docs, crash_docs_embedding_store cascade");
		Sql.freshAiSchema();
		this.jdbc.execute("create table crash_docs (id bigint primary key, body text)");
		for (int i = 1; i <= ROWS; i++) {
			this.jdbc.update("insert into crash_docs values (?, ?)", (long) i, body(i));
		}
		CreateVectorizer.source("crash_docs")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingRecursiveCharacterTextSplitter(30, 0)
			.processing(4, 1)
			.execute(this.jdbc);
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void killingTheWorkerWhileItEmbedsOrWhileItWritesLosesNothing() throws Exception {
		// 4 kills in the test suite; -Dpgai.reliability.kills=20 for the full reliability run.
		int kills = Integer.getInteger("pgai.reliability.kills", 4);
		this.jdbc.execute("insert into crash_docs select g, 'Extra document ' || g || '. It is split. Into chunks.' "
				+ "from generate_series(" + (ROWS + 1) + ", " + (ROWS + 40 * kills) + ") g");
		int whileEmbedding = 0;
		int whileWriting = 0;
		for (int kill = 1; kill <= kills; kill++) {
			FakeEmbeddingApi.Gate gate = this.api.hold();
			Process worker = startWorkerProcess();
			try {
				gate.awaitHeld(1);
				// A batch is in flight: its rows are locked by the worker's session, which is in no transaction.
				assertThat(WorkerSessions.lockedIds(this.jdbc, 1, "crash_docs")).as("rows locked before kill %s", kill)
					.isNotEmpty();
				assertThat(WorkerSessions.inTransaction(this.jdbc)).isEmpty();
				if (kill % 2 == 0) {
					killDuringTheWrite(worker, gate);
					whileWriting++;
				}
				else {
					worker.destroyForcibly().waitFor();
					whileEmbedding++;
				}
			}
			finally {
				gate.release();
				worker.destroyForcibly().waitFor();
			}
			Waiter.until("the killed worker's locks released", Duration.ofSeconds(30),
					() -> WorkerSessions.lockedIds(this.jdbc, 1, "crash_docs").isEmpty());
		}
		JpaContextRunners.withDatabase()
			.withPropertyValues(workerProperties().toArray(String[]::new))
			.run((context) -> Waiter.until("the restarted worker to finish", Duration.ofSeconds(120),
					() -> pending() == 0));
		assertStoreMatchesTheSource();
		ReliabilityReport.record("Worker killed with kill -9", "a worker JVM killed " + kills + " times: "
				+ whileEmbedding + " while its batch was held at the provider (row locks seen in pg_locks, no "
				+ "transaction open), " + whileWriting + " inside its write transaction (seen waiting in pg_locks "
				+ "for a lock the test held on the store); then a restarted worker",
				"the store equals a from-scratch run of the source, chunk for chunk; failed queue empty");
	}

	/**
	 * Holds the store in SHARE mode, lets the batch go on to its write transaction, which then waits
	 * for the store's lock, and kills the worker there.
	 */
	private void killDuringTheWrite(Process worker, FakeEmbeddingApi.Gate gate) throws Exception {
		try (java.sql.Connection blocker = TestDatabase.get().open()) {
			blocker.setAutoCommit(false);
			try (java.sql.Statement statement = blocker.createStatement()) {
				statement.execute("lock table crash_docs_embedding_store in share mode");
			}
			gate.release();
			Waiter.until("the write transaction waiting for the store", Duration.ofSeconds(30),
					() -> this.jdbc.queryForObject("select count(*) from pg_locks l join pg_stat_activity a "
							+ "on a.pid = l.pid where a.application_name = ? and not l.granted "
							+ "and l.relation = 'crash_docs_embedding_store'::regclass and a.xact_start is not null",
							Long.class, WorkerSessions.APPLICATION_NAME) > 0);
			worker.destroyForcibly().waitFor();
			blocker.rollback();
		}
	}

	@Test
	void stoppingTheWorkerWhileBatchesRunLeavesEveryRowEmbeddedOrQueued() {
		for (int i = 0; i < 20; i++) {
			this.api.fail(FakeEmbeddingApi.Fault.slow(200));
		}
		JpaContextRunners.withDatabase()
			.withPropertyValues(workerProperties().toArray(String[]::new))
			.withPropertyValues("pgai.vectorizer.worker.shutdown-timeout=100ms")
			.run((context) -> Waiter.until("a first batch", Duration.ofSeconds(30), () -> embeddedRows() > 0));
		long embedded = embeddedRows();
		long queued = this.jdbc.queryForObject("select count(distinct id) from ai._vectorizer_q_1", Long.class);
		assertThat(embedded + queued).isEqualTo(ROWS);
		assertThat(queued).isPositive();
		JpaContextRunners.withDatabase()
			.withPropertyValues(workerProperties().toArray(String[]::new))
			.run((context) -> Waiter.until("the rest", Duration.ofSeconds(60), () -> pending() == 0));
		assertStoreMatchesTheSource();
	}

	@Test
	void theWorkerReconnectsWhenTheDatabaseDropsItsConnections() {
		for (int i = 0; i < 20; i++) {
			this.api.fail(FakeEmbeddingApi.Fault.slow(100));
		}
		JpaContextRunners.withDatabase()
			.withPropertyValues(workerProperties().toArray(String[]::new))
			.run((context) -> {
				for (int outage = 1; outage <= 3; outage++) {
					long before = embeddedRows();
					Waiter.until("progress before outage", Duration.ofSeconds(30),
							() -> embeddedRows() > before || pending() == 0);
					// What a database restart looks like from the application: every connection dies.
					this.jdbc.queryForList("select pg_terminate_backend(pid) from pg_stat_activity "
							+ "where datname = current_database() and pid <> pg_backend_pid()");
				}
				Waiter.until("the backfill after the outages", Duration.ofSeconds(60), () -> pending() == 0);
			});
		assertStoreMatchesTheSource();
	}

	@Test
	void theWorkerResumesAfterPostgresqlRestartsMidBackfill() throws Exception {
		for (int i = 0; i < 30; i++) {
			this.api.fail(FakeEmbeddingApi.Fault.slow(100));
		}
		JpaContextRunners.withDatabase()
			.withPropertyValues(workerProperties().toArray(String[]::new))
			.run((context) -> {
				Waiter.until("progress before the restart", Duration.ofSeconds(30), () -> embeddedRows() > 0);
				restartPostgresql();
				Waiter.until("the backfill after the restart", Duration.ofSeconds(90), () -> {
					try {
						return pending() == 0;
					}
					catch (RuntimeException stillRestarting) {
						return false;
					}
				});
			});
		assertStoreMatchesTheSource();
		ReliabilityReport.record("PostgreSQL restarted mid-backfill", this.restartedHow,
				"the worker backs off, reconnects and finishes; the store matches the source exactly");
	}

	/**
	 * Restarts the server with pg_ctlcluster where this JVM runs beside it (scripts/postgres.sh's
	 * server); a server elsewhere (Testcontainers) gets every connection terminated instead, which is
	 * what a restart looks like from the application.
	 */
	private void restartPostgresql() throws Exception {
		String major = this.jdbc.queryForObject("select current_setting('server_version_num')::int / 10000",
				String.class);
		String configured = System.getenv("PGAI_DATABASE_URL");
		boolean local = (configured == null || configured.isBlank()) && TestDatabase.get().url().contains("127.0.0.1")
				&& new File("/usr/bin/pg_ctlcluster").canExecute() && new File("/etc/postgresql/" + major).isDirectory();
		this.restartedHow = local ? "pg_ctlcluster " + major + " main restart while batches run"
				: "every connection terminated while batches run (server not local)";
		if (local) {
			Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", major, "main", "restart")
				.inheritIO()
				.start();
			assertThat(restart.waitFor()).as("pg_ctlcluster restart").isZero();
			Jdbc.close(this.jdbc);
			this.jdbc = Jdbc.template();
		}
		else {
			this.jdbc.queryForList("select pg_terminate_backend(pid) from pg_stat_activity "
					+ "where datname = current_database() and pid <> pg_backend_pid()");
		}
	}

	@Test
	void fourWorkerJvmsOnOneQueueWhileRowsAreInsertedUpdatedAndDeleted() throws Exception {
		List<Process> workers = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				workers.add(startWorkerProcess());
			}
			java.util.Random random = new java.util.Random(42);
			long nextId = ROWS + 1;
			for (int change = 0; change < 300; change++) {
				int kind = random.nextInt(3);
				long id = 1 + random.nextInt((int) nextId - 1);
				if (kind == 0) {
					this.jdbc.update("insert into crash_docs values (?, ?)", nextId, body((int) nextId));
					nextId++;
				}
				else if (kind == 1) {
					this.jdbc.update("update crash_docs set body = ? where id = ?", body((int) id) + " Edited " + change
							+ " time.", id);
				}
				else {
					this.jdbc.update("delete from crash_docs where id = ?", id);
				}
				if (change % 25 == 0) {
					Thread.sleep(50);
				}
			}
			Waiter.until("four workers to drain the queue", Duration.ofSeconds(120), () -> pending() == 0);
			assertThat(workers).allSatisfy((worker) -> assertThat(worker.isAlive()).isTrue());
			ReliabilityReport.record("Four workers on one queue", "4 worker JVMs while 300 inserts, updates and "
					+ "deletes run against the source", "the store equals a from-scratch run of the final rows "
							+ "(every chunk, in order, with its vector), failed queue empty");
		}
		finally {
			for (Process worker : workers) {
				worker.destroyForcibly().waitFor();
			}
		}
		assertStoreMatchesTheSource();
	}

	/** Every source row has exactly the chunks a from-scratch run gives it, with their vectors; nothing failed. */
	private void assertStoreMatchesTheSource() {
		assertThat(ExpectedStore.actual(this.jdbc, "crash_docs_embedding_store", "id::text"))
			.containsExactlyElementsOf(ExpectedStore.fromScratch(this.jdbc, "crash_docs", "id::text", "body",
					new RecursiveCharacterTextSplitter(30, 0, RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS,
							false),
					this.api));
		assertThat(this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_failed_1", Long.class)).isZero();
	}

	private Process startWorkerProcess() throws Exception {
		List<String> command = new ArrayList<>(List.of(
				System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-cp",
				System.getProperty("java.class.path"), WorkerProcess.class.getName()));
		workerProperties().forEach((property) -> command.add("--" + property));
		TestDatabase database = TestDatabase.get();
		command.add("--spring.datasource.url=" + database.url());
		command.add("--spring.datasource.username=" + database.username());
		command.add("--spring.datasource.password=" + database.password());
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/worker-process.log")))
			.start();
	}

	private List<String> workerProperties() {
		return List.of("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
				"pgai.vectorizer.worker.initial-backoff=100ms", "pgai.vectorizer.worker.max-backoff=300ms",
				"TEST_OPENAI_KEY=sk-test");
	}

	private long embeddedRows() {
		return this.jdbc.queryForObject("select count(distinct id) from crash_docs_embedding_store", Long.class);
	}

	private long pending() {
		return this.jdbc.queryForObject("select ai.vectorizer_queue_pending(1, true)", Long.class);
	}

	private static String body(int i) {
		return "Document " + i + " has a few sentences. They are split into chunks. Each chunk is embedded once.";
	}

}
