package io.pgai.spring.vectorizer.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pgai.spring.test.ExpectedStore;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.test.WorkerSessions;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.chunking.RecursiveCharacterTextSplitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the worker holds while its provider works: no transaction, only a session-level advisory
 * lock per claimed row (pgai's lock keys). Each test holds the loopback provider at a gate, so the
 * batch is known to be in flight when the database is looked at and changed.
 */
class WorkerTransactionsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final JdbcTemplate jdbc = Jdbc.template();

	private FakeEmbeddingApi api;

	private int vectorizerId;

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
				"pgai.vectorizer.worker.initial-backoff=100ms", "pgai.vectorizer.worker.max-backoff=400ms",
				"pgai.vectorizer.worker.shutdown-timeout=2s", "TEST_OPENAI_KEY=sk-test");

	@BeforeEach
	void createSource() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		this.jdbc.execute("drop table if exists tx_docs, tx_docs_embedding_store cascade");
		Sql.freshAiSchema();
		this.jdbc.execute("create table tx_docs (id bigint primary key, body text)");
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void whileTheProviderWorksNoWorkerSessionIsInATransactionAndEachClaimedRowIsLocked() {
		insert(1, 5);
		FakeEmbeddingApi.Gate gate = this.api.hold();
		createVectorizer();
		this.runner.run((context) -> {
			try (gate) {
				gate.awaitHeld(1);
				assertThat(WorkerSessions.inTransaction(this.jdbc)).isEmpty();
				assertThat(WorkerSessions.lockedIds(this.jdbc, this.vectorizerId, "tx_docs"))
					.containsExactly(1L, 2L, 3L, 4L, 5L);
				// pgai's Python worker, claiming the same rows, is kept off them by the same locks.
				assertThat(pgaiWorkerCouldLock(1)).isFalse();
				assertThat(pgaiWorkerCouldLock(6)).isTrue();
				// Nothing is deleted from the queue until the chunks are written, in one transaction.
				assertThat(queued()).isEqualTo(5);
			}
			awaitQueueEmpty();
			assertStoreMatchesTheSource();
			assertThat(WorkerSessions.lockedIds(this.jdbc, this.vectorizerId, "tx_docs")).isEmpty();
		});
	}

	@Test
	void noTransactionIsOpenWhileARetryWaitsForTheProviderEither() {
		insert(1, 3);
		this.api.fail(FakeEmbeddingApi.Fault.tooManyRequests(1));
		FakeEmbeddingApi.Gate gate = this.api.holdFrom(2);
		createVectorizer();
		this.runner.run((context) -> {
			try (gate) {
				gate.awaitHeld(1);
				assertThat(this.api.requests()).hasSize(2);
				assertThat(WorkerSessions.inTransaction(this.jdbc)).isEmpty();
				assertThat(WorkerSessions.lockedIds(this.jdbc, this.vectorizerId, "tx_docs")).containsExactly(1L, 2L,
						3L);
			}
			awaitQueueEmpty();
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void aPrimaryKeyChangedWhileItsBatchIsEmbeddedLeavesNoChunksUnderTheOldKey() {
		insert(1, 3);
		createVectorizer();
		this.runner.run((context) -> {
			awaitQueueEmpty();
			FakeEmbeddingApi.Gate gate = this.api.hold();
			try (gate) {
				this.jdbc.update("update tx_docs set body = 'New words for the first document. And more.' where id = 1");
				gate.awaitHeld(1);
				assertThat(WorkerSessions.lockedIds(this.jdbc, this.vectorizerId, "tx_docs")).containsExactly(1L);
				// Neither blocked by the batch nor blocking it: the worker holds no row of the source.
				this.jdbc.update("update tx_docs set id = 100 where id = 1");
			}
			awaitQueueEmpty();
			assertThat(this.jdbc.queryForList("select distinct id from tx_docs_embedding_store order by id",
					Long.class)).containsExactly(2L, 3L, 100L);
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void aRowDeletedWhileItsBatchIsEmbeddedEndsWithoutChunks() {
		insert(1, 4);
		FakeEmbeddingApi.Gate gate = this.api.hold();
		createVectorizer();
		this.runner.run((context) -> {
			try (gate) {
				gate.awaitHeld(1);
				assertThat(WorkerSessions.lockedIds(this.jdbc, this.vectorizerId, "tx_docs")).containsExactly(1L, 2L,
						3L, 4L);
				this.jdbc.update("delete from tx_docs where id in (2, 3)");
			}
			awaitQueueEmpty();
			assertThat(this.jdbc.queryForList("select distinct id from tx_docs_embedding_store order by id",
					Long.class)).containsExactly(1L, 4L);
			assertStoreMatchesTheSource();
		});
	}

	@Test
	void aSecondWorkerEmbedsOtherRowsWhileTheFirstHoldsItsOwn() {
		insert(1, 10);
		FakeEmbeddingApi.Gate gate = this.api.hold();
		createVectorizer();
		ApplicationContextRunner small = this.runner.withPropertyValues("pgai.vectorizer.worker.batch-size=5");
		small.run((first) -> {
			gate.awaitHeld(1);
			small.run((second) -> {
				try (gate) {
					gate.awaitHeld(2);
					List<List<String>> batches = this.api.requests().stream().map(FakeEmbeddingApi.Request::inputs).toList();
					assertThat(rowsOf(batches.get(0))).doesNotContainAnyElementsOf(rowsOf(batches.get(1)));
					assertThat(WorkerSessions.lockedIds(this.jdbc, this.vectorizerId, "tx_docs")).hasSize(10);
				}
				awaitQueueEmpty();
			});
		});
		assertStoreMatchesTheSource();
	}

	private static List<String> rowsOf(List<String> inputs) {
		List<String> rows = new ArrayList<>();
		inputs.stream().filter((text) -> text.startsWith("Document ")).forEach((text) -> rows.add(text.split(" ")[1]));
		return rows;
	}

	private boolean pgaiWorkerCouldLock(long id) {
		TransactionTemplate transaction = new TransactionTemplate(
				new org.springframework.jdbc.datasource.DataSourceTransactionManager(this.jdbc.getDataSource()));
		return Boolean.TRUE.equals(transaction.execute((status) -> this.jdbc.queryForObject(
				"select pg_try_advisory_xact_lock(?, hashtext(concat_ws('|', 'id', ?::bigint)))", Boolean.class,
				this.vectorizerId, id)));
	}

	private void createVectorizer() {
		this.vectorizerId = CreateVectorizer.source("tx_docs")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingRecursiveCharacterTextSplitter(40, 5)
			.execute(this.jdbc);
	}

	private void insert(int from, int to) {
		for (int i = from; i <= to; i++) {
			this.jdbc.update("insert into tx_docs values (?, ?)", (long) i,
					"Document " + i + " is about transactions. It is split into chunks.");
		}
	}

	private long queued() {
		return this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_" + this.vectorizerId, Long.class);
	}

	private void awaitQueueEmpty() {
		Waiter.until("an empty queue", WAIT, () -> queued() == 0);
	}

	private void assertStoreMatchesTheSource() {
		assertThat(ExpectedStore.actual(this.jdbc, "tx_docs_embedding_store", "id::text"))
			.containsExactlyElementsOf(ExpectedStore.fromScratch(this.jdbc, "tx_docs", "id::text", "body",
					new RecursiveCharacterTextSplitter(40, 5, RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS,
							false),
					this.api));
	}

}
