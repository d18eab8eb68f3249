package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;
import java.util.concurrent.CompletableFuture;

import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.Distance;
import io.pgai.spring.relationship.StoreVectorIndex;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.IndexQuantization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's HNSW index is built concurrently, once, by one worker: the source's writes, whose
 * triggers touch the store, go on during a build that takes seconds, and an invalid index left by
 * an interrupted build is replaced. The store is filled with 384-dimension vectors directly, as a
 * finished backfill leaves it, so that the build is long enough to watch in
 * {@code pg_stat_progress_create_index}.
 */
@ExtendWith(OutputCaptureExtension.class)
class IndexCreationIntegrationTests {

	private static final int ROWS = 6000;

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final JdbcTemplate jdbc = Jdbc.template();

	private FakeEmbeddingApi api;

	private int vectorizerId;

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
				"pgai.vectorizer.worker.concurrency=2", "TEST_OPENAI_KEY=sk-test");

	@BeforeEach
	void fillStore() throws Exception {
		this.api = new FakeEmbeddingApi(384);
		fillStore(IndexQuantization.NONE);
	}

	private void fillStore(IndexQuantization quantization) {
		fillStore(CreateVectorizer.source("idx_docs").indexingHnsw(1000, "vector_cosine_ops", quantization));
	}

	private void fillStore(CreateVectorizer vectorizer) {
		Sql.freshAiSchema();
		this.jdbc.execute("drop table if exists idx_docs, idx_docs_embedding_store cascade");
		this.jdbc.execute("create table idx_docs (id bigint primary key, body text)");
		this.vectorizerId = vectorizer.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 384, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingNone()
			.execute(this.jdbc);
		this.jdbc.execute("insert into idx_docs select g, 'Document ' || g from generate_series(1, " + ROWS + ") g");
		this.jdbc.execute("insert into idx_docs_embedding_store (id, chunk_seq, chunk, embedding) "
				+ "select id, 0, body, (select array_agg(random())::vector(384) from generate_series(1, 384) "
				+ "where id > 0) from idx_docs");
		this.jdbc.execute("delete from ai._vectorizer_q_" + this.vectorizerId);
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void sourceWritesGoOnDuringTheBuildAndTwoWorkersBuildOneIndex() {
		this.runner.run((first) -> this.runner.run((second) -> {
			Waiter.until("the index build", WAIT, () -> buildsInProgress() == 1);
			// Each write's trigger touches the store; a plain CREATE INDEX would hold them all.
			this.jdbc.execute("set lock_timeout = '1s'");
			try {
				this.jdbc.update("update idx_docs set body = 'Changed during the build' where id = 1");
				this.jdbc.update("update idx_docs set id = 100000 where id = 2");
				this.jdbc.update("delete from idx_docs where id = 3");
			}
			finally {
				this.jdbc.execute("reset lock_timeout");
			}
			assertThat(buildsInProgress()).as("the build is still running after the writes").isEqualTo(1);
			Waiter.until("the valid index", WAIT, () -> validIndexes() == 1);
			assertThat(indexes()).as("one index from two workers with two loops each").isOne();
			Waiter.until("the writes embedded", WAIT, () -> queued() == 0);
			assertThat(this.jdbc.queryForObject("select chunk from idx_docs_embedding_store where id = 1",
					String.class)).isEqualTo("Changed during the build");
			assertThat(this.jdbc.queryForList("select id from idx_docs_embedding_store where id in (2, 3, 100000)",
					Long.class)).containsExactly(100000L);
		}));
	}

	@Test
	void anInvalidIndexLeftByAnInterruptedBuildIsDroppedAndTheIndexBuilt() throws Exception {
		try (Connection builder = TestDatabase.get().open()) {
			CompletableFuture<Void> build = CompletableFuture.runAsync(() -> {
				try (Statement statement = builder.createStatement()) {
					statement.execute("create index concurrently interrupted_idx on idx_docs_embedding_store "
							+ "using hnsw (embedding vector_cosine_ops)");
				}
				catch (java.sql.SQLException cancelled) {
					// The point of the exercise.
				}
			});
			// Past its first transaction, which leaves the index in the catalog, marked invalid.
			Waiter.until("the build to be under way", WAIT, () -> this.jdbc.queryForObject(
					"select count(*) from pg_stat_progress_create_index where phase like 'building index%'",
					Long.class) == 1);
			this.jdbc.queryForList("select pg_cancel_backend(pid) from pg_stat_progress_create_index");
			build.join();
		}
		assertThat(this.jdbc.queryForObject("select count(*) from pg_index where not indisvalid "
				+ "and indexrelid = 'interrupted_idx'::regclass", Long.class)).isOne();
		this.runner.run((context) -> {
			Waiter.until("the valid index", WAIT, () -> validIndexes() == 1);
			assertThat(indexes()).isOne();
			assertThat(this.jdbc.queryForObject("select to_regclass('interrupted_idx') is null", Boolean.class))
				.isTrue();
		});
	}

	@Test
	void quantizedIndexingBuildsTheExpressionIndexOnceWhichTheRepositoriesRecognise() throws Exception {
		for (IndexQuantization quantization : List.of(IndexQuantization.HALFVEC, IndexQuantization.BINARY)) {
			fillStore(quantization);
			this.runner.run((context) -> Waiter.until("the " + quantization + " index", WAIT, () -> validIndexes() == 1));
			List<StoreVectorIndex> indexes = StoreVectorIndex
				.of(this.jdbc.query(StoreVectorIndex.SQL, (rs, row) -> StoreVectorIndex.row(rs), "idx_docs_embedding_store"));
			assertThat(indexes).singleElement().satisfies((index) -> {
				assertThat(index.kind()).isEqualTo((quantization == IndexQuantization.HALFVEC)
						? StoreVectorIndex.Kind.HALFVEC : StoreVectorIndex.Kind.BINARY);
				assertThat(index.dimensions()).isEqualTo(384);
				// The indexing configuration leaves m out: the worker's denser graph.
				assertThat(index.m()).isEqualTo(32);
				assertThat(index.operatorClass())
					.isEqualTo((quantization == IndexQuantization.HALFVEC) ? "halfvec_cosine_ops" : "bit_hamming_ops");
				assertThat(index.serves(Distance.COSINE)).isTrue();
			});
			// The index on an expression of the vector column counts as the store's index: no second build.
			assertThat(anotherIndexCreator().createIfDue()).isFalse();
			assertThat(indexes()).isOne();
		}
	}

	@Test
	void theTextIndexOfHybridSearchesIsBuiltOnceInItsConfiguration() throws Exception {
		fillStore(CreateVectorizer.source("idx_docs").indexingNone().textSearchIndex("german"));
		assertThat(this.jdbc.queryForObject("select config->'indexing'->>'text_search' from ai.vectorizer where id = ?",
				String.class, this.vectorizerId))
			.isEqualTo("german");
		this.runner.run((first) -> this.runner.run((second) -> {
			Waiter.until("the text index", WAIT, () -> !textIndexes().isEmpty());
			assertThat(textIndexes()).containsExactly("CREATE INDEX idx_docs_embedding_store_chunk_tsv_idx ON "
					+ "public.idx_docs_embedding_store USING gin (to_tsvector('german'::regconfig, chunk))");
			assertThat(indexes()).as("no HNSW index with indexing_none()").isZero();
		}));
		assertThat(anotherIndexCreator().createIfDue()).isFalse();
		assertThat(textIndexes()).hasSize(1);
	}

	@Test
	void aTextSearchConfigurationTheDatabaseLacksIsWarnedOnceAndTheVectorIndexStillBuilt(CapturedOutput output) {
		fillStore(CreateVectorizer.source("idx_docs")
			.indexingHnsw(1000, "vector_cosine_ops", IndexQuantization.NONE)
			.textSearchIndex("engilsh"));
		this.runner.run((context) -> {
			Waiter.until("the valid index", WAIT, () -> validIndexes() == 1);
			assertThat(textIndexes()).isEmpty();
		});
		assertThat(output.toString().split("indexing option text_search: the text search configuration 'engilsh' "
				+ "does not exist in the database", -1)).hasSize(2);
	}

	/** An index creator of its own for the test's vectorizer, as another worker would have. */
	private IndexCreator anotherIndexCreator() {
		DataSource dataSource = this.jdbc.getDataSource();
		VectorizerDefinition vectorizer = new VectorizerCatalog(dataSource).findAll()
			.stream()
			.filter((definition) -> definition.id() == this.vectorizerId)
			.findFirst()
			.orElseThrow();
		return new IndexCreator(dataSource, vectorizer, Runnable::run);
	}

	private List<String> textIndexes() {
		return this.jdbc.queryForList("select pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c "
				+ "on c.oid = i.indexrelid join pg_am am on am.oid = c.relam "
				+ "where i.indrelid = 'idx_docs_embedding_store'::regclass and am.amname = 'gin' and i.indisvalid",
				String.class);
	}

	private long buildsInProgress() {
		return this.jdbc.queryForObject("select count(*) from pg_stat_progress_create_index "
				+ "where relid = 'idx_docs_embedding_store'::regclass", Long.class);
	}

	private long indexes() {
		return this.jdbc.queryForObject("select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid "
				+ "join pg_am am on am.oid = c.relam where i.indrelid = 'idx_docs_embedding_store'::regclass "
				+ "and am.amname = 'hnsw'", Long.class);
	}

	private long validIndexes() {
		return this.jdbc.queryForObject("select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid "
				+ "join pg_am am on am.oid = c.relam where i.indrelid = 'idx_docs_embedding_store'::regclass "
				+ "and am.amname = 'hnsw' and i.indisvalid", Long.class);
	}

	private long queued() {
		return this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_" + this.vectorizerId, Long.class);
	}

}
