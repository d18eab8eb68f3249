package io.pgai.spring.vectorizer.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.FakeEmbeddingApi.Fault;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.vectorizer.CreateVectorizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures that are not the provider being down: a configuration that cannot work pauses its
 * vectorizer alone, recorded once per attempt; a row whose data cannot be stored fails alone; a
 * provider's 400 is told apart as the request's fault or a row's.
 */
class WorkerFailuresIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final JdbcTemplate jdbc = Jdbc.template();

	private FakeEmbeddingApi api;

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
				"pgai.vectorizer.worker.initial-backoff=200ms", "pgai.vectorizer.worker.max-backoff=1s",
				"pgai.vectorizer.worker.max-retries=0", "pgai.vectorizer.worker.shutdown-timeout=2s",
				"TEST_OPENAI_KEY=sk-test");

	@BeforeEach
	void createSources() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		this.jdbc.execute("drop table if exists good_docs, good_docs_embedding_store, bad_docs, "
				+ "bad_docs_embedding_store cascade");
		Sql.freshAiSchema();
		this.jdbc.execute("create table good_docs (id bigint primary key, body text)");
		this.jdbc.execute("create table bad_docs (id bigint primary key, title text, body text, data bytea)");
		for (int i = 1; i <= 10; i++) {
			this.jdbc.update("insert into good_docs values (?, ?)", (long) i, "Good document " + i + ".");
			this.jdbc.update("insert into bad_docs values (?, ?, ?, ?)", (long) i, "Title " + i,
					"Bad document " + i + ".", ("Bytes " + i).getBytes());
		}
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void aChunkOverlapLargerThanTheChunkSizeIsRefusedWhenTheConfigurationIsBuilt() {
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> vectorizer("bad_docs", "body")
			.chunkingRecursiveCharacterTextSplitter(50, 60)
			.execute(this.jdbc)))
			.hasMessageContaining("chunk_overlap must be at least 0 and smaller than chunk_size (50), not 60");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> vectorizer("bad_docs", "body")
			.chunkingCharacterTextSplitter(0, 0, "\n", false)
			.execute(this.jdbc))).hasMessageContaining("chunk_size must be at least 1, not 0");
	}

	@Test
	void aChunkingConfigurationThatCannotWorkIsRecordedWithBackoffWhileOtherVectorizersWork() {
		int good = vectorizer("good_docs", "body").execute(this.jdbc);
		int bad = vectorizer("bad_docs", "body").execute(this.jdbc);
		// As a catalog made elsewhere (pgai's own builders check nothing) could hold it.
		this.jdbc.update("update ai.vectorizer set config = jsonb_set(config, '{chunking}', "
				+ "'{\"implementation\": \"recursive_character_text_splitter\", \"config_type\": \"chunking\", "
				+ "\"chunk_size\": 50, \"chunk_overlap\": 60}') where id = ?", bad);
		assertConfigurationFailureIsRecordedWithBackoff(good, bad,
				"chunk_overlap must be between 0 and chunk_size (50) but was 60");
	}

	@Test
	void aSeparatorThatIsNotARegularExpressionIsRecordedAsTheVectorizersFault() {
		int good = vectorizer("good_docs", "body").execute(this.jdbc);
		int bad = vectorizer("bad_docs", "body").chunkingCharacterTextSplitter(50, 0, "([a-z]", true).execute(this.jdbc);
		assertConfigurationFailureIsRecordedWithBackoff(good, bad,
				"cannot chunk with character_text_splitter (chunk_size 50, chunk_overlap 0): Unclosed group");
	}

	@Test
	void aTemplateColumnRenamedInTheSourceIsNamedInTheError() {
		int good = vectorizer("good_docs", "body").execute(this.jdbc);
		int bad = vectorizer("bad_docs", "body").formattingPythonTemplate("$title: $chunk").execute(this.jdbc);
		this.jdbc.execute("alter table bad_docs rename column title to headline");
		assertConfigurationFailureIsRecordedWithBackoff(good, bad,
				"names $title, but public.bad_docs has no column title");
	}

	@Test
	void aDroppedStoreIsTheVectorizersFaultNotTheRows() {
		int good = vectorizer("good_docs", "body").execute(this.jdbc);
		int bad = vectorizer("bad_docs", "body").execute(this.jdbc);
		this.jdbc.execute("drop view bad_docs_embedding");
		this.jdbc.execute("drop table bad_docs_embedding_store");
		assertConfigurationFailureIsRecordedWithBackoff(good, bad,
				"cannot claim a batch: ERROR: relation \"public.bad_docs_embedding_store\" does not exist");
	}

	private void assertConfigurationFailureIsRecordedWithBackoff(int good, int bad, String cause) {
		this.runner.run((context) -> {
			Waiter.until("the good vectorizer's backfill", WAIT, () -> queued(good) == 0);
			Waiter.until("three recorded attempts", WAIT, () -> errors(bad).size() >= 3);
			List<Map<String, Object>> errors = errors(bad).subList(0, 3);
			assertThat(errors).allSatisfy((error) -> assertThat((String) error.get("message"))
				.startsWith("Vectorizer public_bad_docs_embedding_store ")
				.contains(cause));
			// Backed off, not retried every 100 ms poll: each attempt recorded once, the pauses doubling.
			assertThat(errors).extracting((error) -> (String) error.get("details"))
				.allSatisfy((details) -> assertThat(details).contains("\"step\": \"configuration\""));
			assertThat(errors).extracting((error) -> retryInMillis((String) error.get("details")))
				.satisfies((pauses) -> assertThat(pauses.get(1)).isGreaterThan(pauses.get(0) * 3 / 2))
				.satisfies((pauses) -> assertThat(pauses.get(2)).isGreaterThan(pauses.get(1) * 3 / 2));
			assertThat(gapMillis(errors, 1)).isGreaterThanOrEqualTo(gapMillis(errors, 0));
			// The rows are untouched: none retried, none failed.
			assertThat(this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_" + bad
					+ " where loading_retries = 0", Long.class)).isEqualTo(10);
			assertThat(failed(bad)).isZero();
			assertThat(errors(good)).isEmpty();
			assertThat(this.api.texts()).noneMatch((text) -> text.startsWith("Bad"));
		});
	}

	@Test
	void aRowWhoseTextHoldsANulCharacterFailsAloneAndIsNeverSentToTheProvider(@TempDir Path files) throws Exception {
		// PostgreSQL's text cannot hold NUL; a document's can, here a text file ai.loading_uri reads
		this.jdbc.execute("drop table if exists nul_docs, nul_docs_embedding_store cascade");
		this.jdbc.execute("create table nul_docs (id bigint primary key, uri text)");
		for (int i = 1; i <= 10; i++) {
			Path file = files.resolve("doc" + i + ".txt");
			Files.writeString(file, (i == 4) ? "NUL\u0000here" : "Text document " + i + ".");
			this.jdbc.update("insert into nul_docs values (?, ?)", (long) i, file.toUri().toString());
		}
		int bad = this.jdbc.queryForObject("""
				select ai.create_vectorizer('nul_docs'::regclass, loading => ai.loading_uri('uri', retries => 0),
				    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
				        base_url => ?), chunking => ai.chunking_none())""", Integer.class, this.api.baseUrl() + "/v1");
		this.runner.withPropertyValues("pgai.vectorizer.worker.documents.read-files=true").run((context) -> {
			Waiter.until("the row in the failed queue", WAIT, () -> failed(bad) == 1);
			Waiter.until("the others embedded", WAIT, () -> queued(bad) == 0);
			assertThat(this.jdbc.queryForObject("select id from ai._vectorizer_q_failed_" + bad, Long.class))
				.isEqualTo(4);
			assertThat(this.jdbc.queryForList("select distinct id from nul_docs_embedding_store order by id",
					Long.class)).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L, 10L);
			assertThat(errors(bad)).extracting((error) -> (String) error.get("message"))
				.allSatisfy((message) -> assertThat(message).contains("NUL character"));
			assertThat(this.api.texts()).noneMatch((text) -> text.startsWith("NUL"));
		});
	}

	@Test
	void aVectorTheDatabaseRefusesFailsItsRowAloneAndTheOthersAreNotPaidForTwice() {
		this.jdbc.update("update good_docs set body = 'NaN for this one.' where id = 6");
		this.api.answerNanForInputsContaining("NaN for");
		int good = vectorizer("good_docs", "body", 0).execute(this.jdbc);
		this.runner.run((context) -> {
			Waiter.until("the row in the failed queue", WAIT, () -> failed(good) == 1);
			Waiter.until("the others embedded", WAIT, () -> queued(good) == 0);
			assertThat(this.jdbc.queryForObject("select id from ai._vectorizer_q_failed_" + good, Long.class))
				.isEqualTo(6);
			assertThat(this.jdbc.queryForList("select distinct id from good_docs_embedding_store order by id",
					Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L, 7L, 8L, 9L, 10L);
			assertThat(errors(good)).extracting((error) -> (String) error.get("message"))
				.anySatisfy((message) -> assertThat(message).contains("NaN not allowed in vector"));
			// The batch was embedded once; its rows, tried one at a time, reused those vectors.
			assertThat(this.api.texts().stream().filter((text) -> text.startsWith("Good document"))).hasSize(9)
				.doesNotHaveDuplicates();
		});
	}

	@Test
	void aRowTheProviderRefusesIsIsolatedAmongTheRowsOfItsOwnBatchOnly() {
		this.jdbc.update("update good_docs set body = 'POISON pill.' where id = 3");
		this.api.rejectInputsContaining("POISON");
		int good = vectorizer("good_docs", "body", 0).execute(this.jdbc);
		this.runner.withPropertyValues("pgai.vectorizer.worker.batch-size=5").run((context) -> {
			Waiter.until("the row in the failed queue", WAIT, () -> failed(good) == 1);
			Waiter.until("the others embedded", WAIT, () -> queued(good) == 0);
			List<List<String>> requests = this.api.requests().stream().map(FakeEmbeddingApi.Request::inputs).toList();
			// The batch with the poison row fails; then exactly its rows go one at a time.
			int failed = requests.indexOf(requests.stream()
				.filter((inputs) -> inputs.size() == 5 && inputs.contains("POISON pill."))
				.findFirst()
				.orElseThrow());
			// (The poison row, refused alone too, is followed by a probe that the provider accepts.)
			assertThat(requests.subList(failed + 1, failed + 7)).allSatisfy((inputs) -> assertThat(inputs).hasSize(1))
				.extracting((inputs) -> inputs.get(0))
				.containsExactlyInAnyOrderElementsOf(
						java.util.stream.Stream.concat(requests.get(failed).stream(), java.util.stream.Stream.of(
								VectorizerPollLoop.PROBE)).toList());
			assertThat(this.jdbc.queryForObject("select id from ai._vectorizer_q_failed_" + good, Long.class))
				.isEqualTo(3);
		});
	}

	@Test
	void aProviders400ThatNamesAParameterIsTheConfigurationsFaultAndNoRowIsRetried() {
		this.api.refuseEveryRequest(Fault.openAiError(400, "This model does not support specifying dimensions.",
				"dimensions"));
		int good = vectorizer("good_docs", "body").execute(this.jdbc);
		this.runner.run((context) -> {
			Waiter.until("two recorded attempts", WAIT, () -> errors(good).size() >= 2);
			assertThat(errors(good)).extracting((error) -> (String) error.get("message"))
				.allSatisfy((message) -> assertThat(message)
					.contains("HTTP 400: This model does not support specifying dimensions."));
			assertThat(this.api.requests()).allSatisfy((request) -> assertThat(request.inputs()).hasSize(10));
			assertRowsUntouched(good);
			this.api.stopRefusing();
			Waiter.until("the backfill once the provider answers", WAIT, () -> queued(good) == 0);
		});
	}

	@Test
	void aProviders400ThatSaysNothingIsTheRequestsFaultWhenAProbeIsRefusedToo() {
		this.api.refuseEveryRequest(Fault.openAiError(400, "Bad request.", null));
		int good = vectorizer("good_docs", "body").execute(this.jdbc);
		this.runner.run((context) -> {
			Waiter.until("the refused probe recorded", WAIT, () -> errors(good).stream()
				.anyMatch((error) -> ((String) error.get("message")).contains("refuses a one-word probe")));
			List<List<String>> requests = this.api.requests().stream().map(FakeEmbeddingApi.Request::inputs).toList();
			// The batch, then its first row alone, then the probe.
			assertThat(requests.get(0)).hasSize(10);
			assertThat(requests.get(1)).containsExactly("Good document 1.");
			assertThat(requests.get(2)).containsExactly(VectorizerPollLoop.PROBE);
			assertRowsUntouched(good);
			this.api.stopRefusing();
			Waiter.until("the backfill once the provider answers", WAIT, () -> queued(good) == 0);
		});
	}

	private void assertRowsUntouched(int vectorizer) {
		assertThat(this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_" + vectorizer
				+ " where loading_retries = 0 and loading_retry_after is null", Long.class)).isEqualTo(10);
		assertThat(failed(vectorizer)).isZero();
	}

	private static long retryInMillis(String details) {
		return Long.parseLong(details.replaceAll(".*\"retry_in_ms\": (\\d+).*", "$1"));
	}

	private static long gapMillis(List<Map<String, Object>> errors, int index) {
		return ((Timestamp) errors.get(index + 1).get("recorded")).getTime()
				- ((Timestamp) errors.get(index).get("recorded")).getTime();
	}

	private CreateVectorizer vectorizer(String table, String column) {
		return vectorizer(table, column, 6);
	}

	private CreateVectorizer vectorizer(String table, String column, int retries) {
		return CreateVectorizer.source(table)
			.loadingColumn(column, retries)
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingNone();
	}

	private long queued(int vectorizer) {
		return this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_" + vectorizer, Long.class);
	}

	private long failed(int vectorizer) {
		return this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_failed_" + vectorizer, Long.class);
	}

	private List<Map<String, Object>> errors(int vectorizer) {
		return this.jdbc.queryForList("select message, details::text, recorded from ai._vectorizer_errors "
				+ "where id = ? order by recorded", vectorizer);
	}

}
