package io.pgai.spring.vectorizer.worker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgai.spring.test.CatalogQueries;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.PgaiCatalog;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.test.Waiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pgai-spring's worker on a database whose catalog pgai 0.12.1 installed: it runs the vectorizers
 * it can run as pgai's worker would, leaves the others alone, and shares queues with pgai's worker
 * through the same per-row advisory locks.
 */
@ExtendWith(OutputCaptureExtension.class)
class PgaiCatalogWorkerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private FakeEmbeddingApi api;

	private TestDatabase database;

	private ApplicationContextRunner runner;

	@BeforeEach
	void installPgai() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		this.database = PgaiCatalog.install("pgai_worker_theirs");
		sql("""
				create table public.notes (id bigint primary key, title text, body text);
				insert into public.notes select g, 'Note ' || g, 'Body of note ' || g from generate_series(1, 6) g""");
		this.runner = JpaContextRunners.withDatabase()
			.withPropertyValues(this.database.datasourceProperties())
			.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.validate-stores=false",
					"pgai.vectorizer.worker.poll-interval=100ms", "pgai.vectorizer.worker.shutdown-timeout=2s",
					"TEST_OPENAI_KEY=sk-test");
	}

	@AfterEach
	void close() {
		this.api.close();
	}

	@Test
	void aVectorizerPgaiMadeIsEmbeddedAsPgaisWorkerWouldEmbedIt() throws Exception {
		sql(notesVectorizer());
		this.runner.run((context) -> {
			assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(WAIT)).isTrue();
			assertThat(store()).isEqualTo(expectedStore(1, 6));
		});
	}

	@Test
	void aColumnDestinationGetsEachRowsVectorInItsColumnWithoutQueueingTheRowAgain() throws Exception {
		sql(notesVectorizer(), """
				select ai.create_vectorizer('public.notes'::regclass, name => 'note_titles',
				    loading => ai.loading_column('title'),
				    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
				        base_url => '%s/v1'),
				    chunking => ai.chunking_none(), destination => ai.destination_column('title_vector'),
				    formatting => ai.formatting_python_template('Title: $chunk'))""".formatted(this.api.baseUrl()));
		this.runner.run((context) -> {
			VectorizerWorker worker = context.getBean(VectorizerWorker.class);
			assertThat(worker.awaitCaughtUp(WAIT)).isTrue();
			assertThat(worker.activeVectorizers()).containsExactly("note_titles", "public_notes_embedding_store");
			assertThat(titleVectors()).isEqualTo(expectedTitleVectors(1, 6));
			// the worker's own updates of title_vector queue nothing, for either vectorizer
			assertThat(queues()).isEqualTo("public_notes_embedding_store=0 note_titles=0 ");
			assertThat(store()).isEqualTo(expectedStore(1, 6));
			sql("update public.notes set title = 'Renamed' where id = 2",
					"update public.notes set title = null where id = 3");
			assertThat(worker.awaitCaughtUp(WAIT)).isTrue();
			List<String> expected = new ArrayList<>(expectedTitleVectors(1, 6));
			expected.set(1, "2 " + java.util.Arrays.toString(this.api.vectorOf("Title: Renamed")));
			// a row without text keeps the vector it had, as under pgai
			assertThat(titleVectors()).isEqualTo(expected);
		});
	}

	private List<String> expectedTitleVectors(int from, int to) {
		List<String> rows = new ArrayList<>();
		for (int id = from; id <= to; id++) {
			rows.add(id + " " + java.util.Arrays.toString(this.api.vectorOf("Title: Note " + id)));
		}
		return rows;
	}

	private List<String> titleVectors() throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = this.database.open();
				java.sql.Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select id, title_vector::real[] from public.notes order by id")) {
			while (rs.next()) {
				rows.add(rs.getLong(1) + " " + java.util.Arrays.toString(floats(rs.getArray(2))));
			}
		}
		return rows;
	}

	private static float[] floats(java.sql.Array array) throws SQLException {
		Float[] boxed = (Float[]) array.getArray();
		float[] values = new float[boxed.length];
		for (int i = 0; i < boxed.length; i++) {
			values[i] = boxed[i];
		}
		return values;
	}

	@Test
	void documentsInByteaColumnsAndAtUrisAreParsedAndEmbedded(@TempDir Path files) throws Exception {
		Map<String, byte[]> documents = new java.util.LinkedHashMap<>();
		documents.put("report.pdf", TestDocuments.pdf("Quarterly report on lighthouse keeping"));
		documents.put("memo.docx", TestDocuments.docx("Memo about the harbour pilots"));
		documents.put("page.html", "<html><body><h1>Tides</h1><p>Spring tides are high.</p></body></html>"
			.getBytes(StandardCharsets.UTF_8));
		documents.put("notes.md", "# Buoys\n\nRed buoys to port.".getBytes(StandardCharsets.UTF_8));
		documents.put("plain.txt", "Fog signals every minute.".getBytes(StandardCharsets.UTF_8));
		try (TestDocuments.Server server = TestDocuments.serve(documents)) {
			sql("create table public.docs (id int primary key, uri text, content bytea)");
			int id = 1;
			for (Map.Entry<String, byte[]> document : documents.entrySet()) {
				Path file = files.resolve(document.getKey());
				Files.write(file, document.getValue());
				// by file URI and by HTTP, and the bytes themselves in a bytea column
				insertDocument(id++, file.toUri().toString(), document.getValue());
				insertDocument(id++, server.url(document.getKey()), document.getValue());
			}
			insertDocument(id, server.url("missing.pdf"), null);
			sql("""
					select ai.create_vectorizer('public.docs'::regclass, name => 'doc_files',
					    loading => ai.loading_uri('uri', retries => 0),
					    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
					        base_url => '%1$s/v1'));
					select ai.create_vectorizer('public.docs'::regclass, name => 'doc_bytes',
					    loading => ai.loading_column('content'), destination => ai.destination_table(destination => 'doc_bytes'),
					    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
					        base_url => '%1$s/v1'))""".formatted(this.api.baseUrl()));
			this.runner.withPropertyValues("pgai.vectorizer.worker.documents.read-files=true").run((context) -> {
				VectorizerWorker worker = context.getBean(VectorizerWorker.class);
				assertThat(worker.leftAlone()).isEmpty();
				assertThat(worker.awaitCaughtUp(WAIT)).isTrue();
				List<String> expected = List.of("Quarterly report on lighthouse keeping", "Memo about the harbour pilots",
						"Tides", "Spring tides are high.", "# Buoys", "Red buoys to port.", "Fog signals every minute.");
				for (String store : List.of("public.docs_embedding_store", "public.doc_bytes_store")) {
					String chunks = CatalogQueries.answer(this.database,
							"select string_agg(chunk, ' | ' order by id, chunk_seq) as chunks from " + store);
					assertThat(chunks).as(store).contains(expected);
				}
				// each document once per row: 5 files, 5 downloads, 5 byteas (the bytea of row 11 is NULL)
				assertThat(CatalogQueries.answer(this.database,
						"select count(distinct id) as rows from public.docs_embedding_store")).isEqualTo("[rows=10]\n");
				assertThat(CatalogQueries.answer(this.database,
						"select id, failure_step from ai._vectorizer_q_failed_1")).isEqualTo("[id=11, failure_step=loading]\n");
				assertThat(CatalogQueries.answer(this.database, "select message from ai._vectorizer_errors"))
					.contains("missing.pdf").contains("404");
			});
		}
	}

	@Test
	void filesOfTheWorkersMachineAreReadOnlyWhereAllowedAndNoDocumentBeyondTheMaximumSize(@TempDir Path files)
			throws Exception {
		Path secret = files.resolve("application.yml");
		Files.writeString(secret, "password: hunter2");
		try (TestDocuments.Server server = TestDocuments.serve(Map.of("big.txt", "x".repeat(2000).getBytes(),
				"small.txt", "Small document".getBytes()))) {
			sql("create table public.docs (id int primary key, uri text, content bytea)");
			insertDocument(1, secret.toUri().toString(), null);
			insertDocument(2, secret.toString(), null);
			insertDocument(3, server.url("big.txt"), null);
			insertDocument(4, server.url("small.txt"), null);
			sql("""
					select ai.create_vectorizer('public.docs'::regclass, loading => ai.loading_uri('uri', retries => 0),
					    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
					        base_url => '%s/v1'))""".formatted(this.api.baseUrl()));
			this.runner.withPropertyValues("pgai.vectorizer.worker.documents.max-size=1KB").run((context) -> {
				assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(WAIT)).isTrue();
				assertThat(CatalogQueries.answer(this.database,
						"select string_agg(id::text, ',' order by id) as failed from ai._vectorizer_q_failed_1"))
					.isEqualTo("[failed=1,2,3]\n");
				assertThat(CatalogQueries.answer(this.database, "select chunk from public.docs_embedding_store"))
					.isEqualTo("[chunk=Small document]\n");
				String errors = CatalogQueries.answer(this.database,
						"select message from ai._vectorizer_errors order by recorded");
				assertThat(errors).contains("set pgai.vectorizer.worker.documents.read-files=true to allow it")
					.contains("is larger than 1024 bytes; raise pgai.vectorizer.worker.documents.max-size")
					.doesNotContain("hunter2");
				assertThat(this.api.texts()).noneMatch((text) -> text.contains("hunter2"));
			});
		}
	}

	@Test
	void documentsInS3AreReadWithTheAwsSdksDefaultCredentials() throws Exception {
		Map<String, byte[]> bucket = Map.of("docs-bucket/manuals/report.pdf",
				TestDocuments.pdf("Manual for the lighthouse lamp"));
		// the SDK's default chain: here its system properties, as an application's environment would give them
		System.setProperty("aws.accessKeyId", "AKIDPGAISPRINGTEST");
		System.setProperty("aws.secretAccessKey", "test-secret");
		System.setProperty("aws.region", "eu-west-1");
		try (TestDocuments.Server s3 = TestDocuments.serve(bucket)) {
			sql("create table public.docs (id int primary key, uri text, content bytea)");
			insertDocument(1, "s3://docs-bucket/manuals/report.pdf", null);
			insertDocument(2, "s3://docs-bucket/missing.pdf", null);
			sql("""
					select ai.create_vectorizer('public.docs'::regclass, loading => ai.loading_uri('uri', retries => 0),
					    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
					        base_url => '%1$s/v1'));
					select ai.create_vectorizer('public.docs'::regclass, name => 'role_docs',
					    loading => ai.loading_uri('uri', aws_role_arn => 'arn:aws:iam::123456789012:role/reader'),
					    embedding => ai.embedding_openai('text-embedding-3-small', 3),
					    destination => ai.destination_table(destination => 'role_docs'))""".formatted(this.api.baseUrl()));
			this.runner.withPropertyValues("pgai.vectorizer.worker.documents.s3-endpoint=" + s3.baseUrl())
				.run((context) -> {
					VectorizerWorker worker = context.getBean(VectorizerWorker.class);
					assertThat(worker.awaitCaughtUp(WAIT)).isTrue();
					assertThat(worker.leftAlone()).containsOnlyKeys("role_docs");
					assertThat(worker.leftAlone().get("role_docs")).contains("aws_role_arn");
					assertThat(CatalogQueries.answer(this.database, "select id, chunk from public.docs_embedding_store"))
						.isEqualTo("[id=1, chunk=Manual for the lighthouse lamp]\n");
					assertThat(CatalogQueries.answer(this.database, "select id from ai._vectorizer_q_failed_1"))
						.isEqualTo("[id=2]\n");
					assertThat(s3.authorizations()).isNotEmpty()
						.allSatisfy((authorization) -> assertThat(authorization)
							.startsWith("AWS4-HMAC-SHA256 Credential=AKIDPGAISPRINGTEST/")
							.contains("/eu-west-1/s3/aws4_request"));
				});
		}
		finally {
			System.clearProperty("aws.accessKeyId");
			System.clearProperty("aws.secretAccessKey");
			System.clearProperty("aws.region");
		}
	}

	private void insertDocument(int id, String uri, byte @org.jspecify.annotations.Nullable [] content)
			throws SQLException {
		try (Connection connection = this.database.open();
				PreparedStatement insert = connection.prepareStatement("insert into public.docs values (?, ?, ?)")) {
			insert.setInt(1, id);
			insert.setString(2, uri);
			insert.setBytes(3, content);
			insert.executeUpdate();
		}
	}

	@Test
	void aVoyageAiVectorizerIsEmbeddedThroughVoyagesApiAsPgaisWorkerAsksIt() throws Exception {
		sql("""
				select ai.create_vectorizer('public.notes'::regclass, loading => ai.loading_column('body'),
				    embedding => ai.embedding_voyageai('voyage-3', 3),
				    formatting => ai.formatting_python_template('$title: $chunk'))""");
		this.runner.withPropertyValues("pgai.vectorizer.worker.voyage-base-url=" + this.api.baseUrl() + "/v1",
				"VOYAGE_API_KEY=voyage-test-key")
			.run((context) -> {
				assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(WAIT)).isTrue();
				assertThat(store()).isEqualTo(expectedStore(1, 6));
				FakeEmbeddingApi.Request request = this.api.requests().get(0);
				assertThat(request.path()).isEqualTo("/v1/embeddings");
				assertThat(request.authorization()).isEqualTo("Bearer voyage-test-key");
				assertThat(request.body()).containsEntry("model", "voyage-3")
					.containsEntry("input_type", "document")
					.containsEntry("truncation", true)
					.containsEntry("encoding_format", "base64")
					.doesNotContainKey("dimensions");
			});
	}

	@Test
	void templateValuesAreRenderedAsPythonsStrRendersThem() throws Exception {
		sql("""
				create table public.items (id int primary key, flag boolean, price numeric(10, 2), ratio float8,
				    weight real, born date, seen timestamptz, at timestamp, tags text[], nums int[], meta jsonb,
				    nothing text, body text);
				insert into public.items values (1, true, 10.5, 0.1, 0.1, '2026-01-02', '2026-01-02 03:04:05.5+00',
				    '2026-01-02 03:04:05', array['a', 'it''s'], array[1, 2], '{"b": [true, null, 1.5], "a": 1}', null, 'Body')""",
				"""
				select ai.create_vectorizer('public.items'::regclass, loading => ai.loading_column('body'),
				    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
				        base_url => '%s/v1'),
				    formatting => ai.formatting_python_template(
				        '$flag|$price|$ratio|$weight|$born|$seen|$at|$tags|$nums|$meta|$nothing|$chunk'))"""
					.formatted(this.api.baseUrl()));
		this.runner.run((context) -> {
			assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(WAIT)).isTrue();
			// what Python 3 prints for these values as psycopg reads them (session time zone UTC)
			assertThat(CatalogQueries.answer(this.database, "select chunk from public.items_embedding_store"))
				.isEqualTo("[chunk=True|10.50|0.1|0.1|2026-01-02|2026-01-02 03:04:05.500000+00:00|"
						+ "2026-01-02 03:04:05|['a', \"it's\"]|[1, 2]|{'a': 1, 'b': [True, None, 1.5]}|None|Body]\n");
		});
	}

	@Test
	void vectorizersThisWorkerCannotRunAreLeftAloneUnclaimedListedInHealthAndWarnedAboutOnce(CapturedOutput output)
			throws Exception {
		sql(notesVectorizer(), """
				select ai.create_vectorizer('public.notes'::regclass, name => 'litellm_notes',
				    loading => ai.loading_column('body'), embedding => ai.embedding_litellm('cohere/embed', 3),
				    destination => ai.destination_table(destination => 'litellm_notes'));
				select ai.create_vectorizer('public.notes'::regclass, name => 'diskann_notes',
				    loading => ai.loading_column('body'), embedding => ai.embedding_openai('text-embedding-3-small', 3),
				    destination => ai.destination_table(destination => 'diskann_notes'));
				select ai.create_vectorizer('public.notes'::regclass, name => 'st_notes',
				    loading => ai.loading_column('body'), embedding => ai.embedding_openai('text-embedding-3-small', 3),
				    destination => ai.destination_table(destination => 'st_notes'));
				-- pgai's create_vectorizer takes neither, but its worker runs both
				update ai.vectorizer set config = jsonb_set(config, '{embedding}', ai.embedding_sentence_transformers())
				where name = 'st_notes';
				-- pgai makes diskann vectorizers only with TimescaleDB scheduling, which this database lacks
				update ai.vectorizer set config = jsonb_set(config, '{indexing}', ai.indexing_diskann())
				where name = 'diskann_notes'""");
		String queuesBefore = queues();
		assertThat(queuesBefore).contains(
				"litellm_notes=6", "diskann_notes=6", "st_notes=6");
		this.runner.run((context) -> {
			VectorizerWorker worker = context.getBean(VectorizerWorker.class);
			for (int i = 0; i < 5; i++) {
				assertThat(worker.awaitCaughtUp(WAIT)).isTrue();
			}
			assertThat(worker.activeVectorizers()).containsExactly("public_notes_embedding_store");
			Map<String, String> leftAlone = worker.leftAlone();
			assertThat(leftAlone).containsOnlyKeys("litellm_notes", "diskann_notes", "st_notes");
			assertThat(leftAlone.get("st_notes")).contains("ai.embedding_sentence_transformers");
			assertThat(leftAlone.get("litellm_notes")).contains("ai.embedding_litellm");
			assertThat(leftAlone.get("diskann_notes")).contains("pgvectorscale");
			assertThat(leftAlone.values()).allSatisfy((reason) -> assertThat(reason).endsWith("pgai's Python worker runs it"));
			Health health = context.getBean(VectorizerHealthIndicator.class).health(true);
			assertThat(health.getStatus().getCode()).isEqualTo("UP");
			assertThat(health.getDetails()).extractingByKey("litellm_notes")
				.asString()
				.contains("leftAlone=it embeds with ai.embedding_litellm");
			assertThat(queues()).isEqualTo(queuesBefore.replace("public_notes_embedding_store=6",
					"public_notes_embedding_store=0"));
			assertThat(this.api.texts()).allSatisfy((text) -> assertThat(text).startsWith("Note "));
		});
		for (String name : List.of("st_notes", "litellm_notes",
				"diskann_notes")) {
			assertThat(output.getAll().split("Vectorizer " + name + " is left alone", -1)).as(name).hasSize(2);
		}
	}

	@Test
	void aRowPgaisWorkerHoldsIsLeftUntilItLetsGoThenEmbedded() throws Exception {
		sql(notesVectorizer());
		try (Connection pgaiWorker = this.database.open()) {
			pgaiWorker.setAutoCommit(false);
			// pgai's claim, as its worker runs it, of one row: row lock and advisory lock until it ends
			assertThat(pgaiClaim(pgaiWorker, 1)).containsExactly("1:true");
			this.runner.run((context) -> {
				VectorizerWorker worker = context.getBean(VectorizerWorker.class);
				Waiter.until("the rows pgai's worker does not hold", WAIT, () -> storedIds().equals("2,3,4,5,6"));
				for (int i = 0; i < 3; i++) {
					assertThat(worker.awaitCaughtUp(Duration.ofMillis(300))).isFalse();
				}
				assertThat(storedIds()).isEqualTo("2,3,4,5,6");
				assertThat(this.api.texts()).noneMatch((text) -> text.startsWith("Note 1:"));
				// pgai's worker fails its batch and rolls back: the row is queued again and free
				pgaiWorker.rollback();
				assertThat(worker.awaitCaughtUp(WAIT)).isTrue();
				assertThat(store()).isEqualTo(expectedStore(1, 6));
			});
		}
	}

	@Test
	void aBatchWritesWithoutWaitingForPgaisWorkerHoldingItsQueueEntries() throws Exception {
		FakeEmbeddingApi.Gate gate = this.api.hold();
		sql(notesVectorizer());
		try (Connection pgaiWorker = this.database.open()) {
			pgaiWorker.setAutoCommit(false);
			this.runner.run((context) -> {
				try (gate) {
					gate.awaitHeld(1);
					// this worker holds every row; pgai's claim locks their queue entries but gets no row
					assertThat(pgaiClaim(pgaiWorker, 50)).containsExactly("1:false", "2:false", "3:false", "4:false",
							"5:false", "6:false");
				}
				Waiter.until("the batch's chunks while pgai's worker still holds the entries", WAIT,
						() -> storedIds().equals("1,2,3,4,5,6"));
				assertThat(CatalogQueries.answer(this.database, "select count(*) from ai._vectorizer_q_1"))
					.isEqualTo("[count=6]\n");
				pgaiWorker.commit();
				assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(WAIT)).isTrue();
				assertThat(store()).isEqualTo(expectedStore(1, 6));
			});
		}
	}

	@Test
	void theWorkerReportsItselfInPgaisWorkerTrackingAsPgaisWorkerDoes() throws Exception {
		sql(notesVectorizer());
		String process = "select version, expected_heartbeat_interval, heartbeat_count, success_count, error_count, "
				+ "last_error_message from ai.vectorizer_worker_process";
		this.runner.run((context) -> {
			VectorizerWorker worker = context.getBean(VectorizerWorker.class);
			assertThat(worker.awaitCaughtUp(WAIT)).isTrue();
			Waiter.until("a registered worker", WAIT, () -> worker.tracking().workerId() != null);
			String progress = "select vectorizer_id, success_count, error_count, last_error_message, "
					+ "last_success_process_id = '" + worker.tracking().workerId() + "' as by_this_worker "
					+ "from ai.vectorizer_worker_progress";
			assertThat(CatalogQueries.answer(this.database, progress))
				.isEqualTo("[vectorizer_id=1, success_count=6, error_count=0, last_error_message=null, by_this_worker=t]\n");
			Waiter.until("heartbeats every poll interval", WAIT,
					() -> count("select heartbeat_count from ai.vectorizer_worker_process") >= 3);
			// a failure: the provider refuses the key
			this.api.refuseEveryRequest(FakeEmbeddingApi.Fault.openAiError(401, "Incorrect API key provided", null));
			sql("insert into public.notes values (7, 'Note 7', 'Body of note 7')");
			Waiter.until("the failure in the vectorizer's progress", WAIT,
					() -> count("select error_count from ai.vectorizer_worker_progress") >= 1);
			assertThat(CatalogQueries.answer(this.database, "select last_error_message from ai.vectorizer_worker_progress"))
				.contains("401");
			Waiter.until("the failure in the worker's heartbeat", WAIT,
					() -> count("select error_count from ai.vectorizer_worker_process") >= 1);
			assertThat(CatalogQueries.answer(this.database, process)).startsWith("[version=pgai-spring")
				.contains("expected_heartbeat_interval=00:00:00.1")
				.contains("success_count=1")
				.contains("401");
		});
		long beats = count("select heartbeat_count from ai.vectorizer_worker_process");
		assertThat(CatalogQueries.answer(this.database, "select count(*) from ai.vectorizer_worker_process"))
			.isEqualTo("[count=1]\n");
		assertThat(beats).isGreaterThanOrEqualTo(4);
	}

	private long count(String sql) {
		try {
			return Long.parseLong(CatalogQueries.answer(this.database, sql).replaceAll("\\D", ""));
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String notesVectorizer() {
		return """
				select ai.create_vectorizer('public.notes'::regclass, loading => ai.loading_column('body'),
				    embedding => ai.embedding_openai('text-embedding-3-small', 3, api_key_name => 'TEST_OPENAI_KEY',
				        base_url => '%s/v1'),
				    formatting => ai.formatting_python_template('$title: $chunk'))""".formatted(this.api.baseUrl());
	}

	/** pgai 0.12.1's fetch query for this vectorizer, in the caller's transaction: "id:locked" per row. */
	private static List<String> pgaiClaim(Connection connection, int batchSize) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (PreparedStatement fetch = connection.prepareStatement("""
				WITH selected_rows AS (
				    SELECT "id", "loading_retries" FROM "ai"."_vectorizer_q_1"
				    WHERE loading_retry_after is null or loading_retry_after < now()
				    LIMIT ? FOR UPDATE SKIP LOCKED
				), locked_items AS (
				    SELECT "id", "loading_retries",
				           pg_try_advisory_xact_lock(?::int, hashtext(concat_ws('|', 'id' ,"id"))::int) AS locked
				    FROM (SELECT DISTINCT "id", "loading_retries" FROM selected_rows ORDER BY "id") as ids
				), deleted_rows AS (
				    DELETE FROM "ai"."_vectorizer_q_1" AS w USING locked_items AS l
				    WHERE l.locked = true AND w."id" = l."id"
				)
				SELECT l."id", l.locked FROM locked_items l ORDER BY "id\"""")) {
			fetch.setInt(1, batchSize);
			fetch.setInt(2, 1);
			try (ResultSet rs = fetch.executeQuery()) {
				while (rs.next()) {
					rows.add(rs.getLong(1) + ":" + rs.getBoolean(2));
				}
			}
		}
		return rows;
	}

	/** The store as pgai's worker would have written it, worked out from the source rows. */
	private List<String> expectedStore(int from, int to) {
		List<String> rows = new ArrayList<>();
		for (int id = from; id <= to; id++) {
			String chunk = "Note " + id + ": Body of note " + id;
			rows.add(id + " 0 " + chunk + " " + java.util.Arrays.toString(this.api.vectorOf(chunk)));
		}
		return rows;
	}

	private List<String> store() throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = this.database.open();
				java.sql.Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select id, chunk_seq, chunk, embedding::real[] "
						+ "from public.notes_embedding_store order by id, chunk_seq")) {
			while (rs.next()) {
				rows.add(rs.getLong(1) + " " + rs.getInt(2) + " " + rs.getString(3) + " "
						+ java.util.Arrays.toString(floats(rs.getArray(4))));
			}
		}
		return rows;
	}

	private String storedIds() {
		try {
			return CatalogQueries.answer(this.database,
					"select coalesce(string_agg(distinct id::text, ','), '') as ids from public.notes_embedding_store")
				.replace("[ids=", "")
				.replace("]\n", "");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String queues() throws SQLException {
		StringBuilder counts = new StringBuilder();
		try (Connection connection = this.database.open();
				java.sql.Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select name, queue_schema, queue_table from ai.vectorizer order by id")) {
			while (rs.next()) {
				counts.append(rs.getString(1))
					.append('=')
					.append(CatalogQueries.answer(this.database,
							"select count(*) from \"" + rs.getString(2) + "\".\"" + rs.getString(3) + "\"")
						.replaceAll("\\D", ""))
					.append(' ');
			}
		}
		return counts.toString();
	}

	private void sql(String... statements) throws SQLException {
		for (String statement : statements) {
			CatalogQueries.answer(this.database, statement);
		}
	}

}
