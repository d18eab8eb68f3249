package io.pgai.spring.vectorizer;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pgai.spring.test.CatalogQueries;
import io.pgai.spring.test.PgaiCatalog;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL pgai 0.12.1's Python worker runs ({@code pgai/vectorizer/worker.py}, {@code vectorizer.py},
 * {@code features.py}, {@code worker_tracking.py}), statement for statement, against pgai-spring's
 * catalog and against pgai's own: the version probe and feature detection, reading a vectorizer,
 * the batch (claim with its advisory lock, disabled check, delete, COPY, retry and failed-queue
 * inserts, error rows), a column destination's update and worker tracking. Every step succeeds
 * on both and leaves both databases in the same state.
 */
class PgaiWorkerSqlReplayIntegrationTests {

	private static final String FETCH_WITH_RETRIES = """
			WITH selected_rows AS (
			    SELECT "id", "loading_retries"
			    FROM "ai"."_vectorizer_q_1"
			    WHERE loading_retry_after is null or loading_retry_after < now()
			    LIMIT ?
			    FOR UPDATE SKIP LOCKED
			),
			locked_items AS (
			    SELECT
			        "id", "loading_retries",
			        pg_try_advisory_xact_lock(
			            ?::int,
			            hashtext(concat_ws('|', 'id' ,"id"))::int
			        ) AS locked
			    FROM (
			        SELECT DISTINCT "id", "loading_retries"
			        FROM selected_rows
			        ORDER BY "id"
			    ) as ids
			),
			deleted_rows AS (
			    DELETE FROM "ai"."_vectorizer_q_1" AS w
			    USING locked_items AS l
			    WHERE l.locked = true
			    AND w."id" = l."id"
			)
			SELECT s.*, "loading_retries"
			FROM locked_items l
			LEFT JOIN LATERAL ( -- NOTE: lateral join forces runtime chunk exclusion
			    SELECT *
			    FROM "public"."blog" s
			    WHERE l."id" = s."id"
			    LIMIT 1
			) AS s ON true
			WHERE l.locked = true
			ORDER BY "id"
			""";

	private static final List<String> FEATURE_DETECTION = List.of("""
			SELECT column_name
			FROM information_schema.columns
			WHERE table_schema = 'ai'
			      AND table_name = 'vectorizer'
			      AND column_name = 'disabled';""", """
			SELECT table_name
			FROM information_schema.tables
			WHERE table_schema = 'ai' AND table_name = 'vectorizer_worker_process';""", """
			SELECT p.proname
			FROM pg_proc p
			JOIN pg_namespace n ON p.pronamespace = n.oid
			WHERE p.proname = '_vectorizer_create_queue_failed_table'
			AND n.nspname = 'ai'""", """
			SELECT proname
			FROM pg_proc
			JOIN pg_namespace ON pg_proc.pronamespace = pg_namespace.oid
			WHERE nspname = 'ai' AND proname = 'reveal_secret';""", """
			SELECT table_name
			FROM information_schema.views
			WHERE table_schema = 'ai' AND table_name = 'vectorizer_errors';""");

	/** Semantic Versioning 2.0.0's grammar, which Python's {@code semver.Version.parse} accepts. */
	private static final String SEMVER = "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
			+ "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
			+ "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$";

	private static final String STATE = """
			select (select string_agg(id || '/' || chunk_seq || '/' || chunk || '/' || embedding::text, ',' order by id, chunk_seq)
			        from public.blog_embedding_store) as store,
			       (select string_agg(id || '/' || loading_retries || '/' || (loading_retry_after > now()), ',' order by id)
			        from ai._vectorizer_q_1) as queue,
			       (select string_agg(id || '/' || failure_step, ',' order by id) from ai._vectorizer_q_failed_1) as failed,
			       (select string_agg(id || '/' || message || '/' || details::text, ',' order by message) from ai._vectorizer_errors) as errors,
			       (select string_agg(id || '/' || coalesce(vec::text, '-'), ',' order by id) from public.blog) as column_destination,
			       (select count(*) from ai._vectorizer_q_2) as column_queue,
			       (select string_agg(heartbeat_count || '/' || success_count || '/' || error_count || '/' || coalesce(last_error_message, '-'), ',')
			        from ai.vectorizer_worker_process) as process,
			       (select string_agg(vectorizer_id || '/' || success_count || '/' || error_count, ',') from ai.vectorizer_worker_progress) as progress
			""";

	private final JsonMapper json = JsonMapper.builder().build();

	private TestDatabase theirs;

	private TestDatabase ours;

	@BeforeEach
	void installBoth() throws SQLException {
		this.theirs = PgaiCatalog.install("pgai_replay_theirs");
		this.ours = TestDatabase.fresh("pgai_replay_ours");
		new AiSchemaInstaller(new DriverManagerDataSource(this.ours.url(), this.ours.username(), this.ours.password()))
			.install();
		for (TestDatabase database : List.of(this.theirs, this.ours)) {
			CatalogQueries.answer(database, """
					create table public.blog (id int primary key, title text, body text);
					insert into public.blog select g, 'Post ' || g, 'Body of post ' || g from generate_series(1, 4) g;
					select ai.create_vectorizer('public.blog'::regclass, loading => ai.loading_column('body'),
					    embedding => ai.embedding_openai('text-embedding-3-small', 3),
					    formatting => ai.formatting_python_template('$title: $chunk'));
					select ai.create_vectorizer('public.blog'::regclass, name => 'blog_vec', loading => ai.loading_column('title'),
					    embedding => ai.embedding_ollama('nomic-embed-text', 3), chunking => ai.chunking_none(),
					    destination => ai.destination_column('vec'), enqueue_existing => false)""");
		}
	}

	@Test
	void pgaisWorkerFindsPgaiInstalledWithEveryFeatureAndReadsTheVectorizers() throws Exception {
		for (String probe : List.of("select extversion from pg_catalog.pg_extension where extname = 'ai'", """
				SELECT EXISTS (
				    SELECT 1
				    FROM information_schema.tables
				    WHERE table_schema = 'ai'
				    AND table_name = 'pgai_lib_version'
				)""", "select version from ai.pgai_lib_version where name = 'ai'", "select id from ai.vectorizer")) {
			assertThat(CatalogQueries.answer(this.ours, probe)).as(probe).isEqualTo(CatalogQueries.answer(this.theirs, probe));
		}
		assertThat(CatalogQueries.answer(this.ours, "select version from ai.pgai_lib_version where name = 'ai'"))
			.isEqualTo("[version=0.12.1]\n");
		for (String feature : FEATURE_DETECTION) {
			assertThat(CatalogQueries.answer(this.ours, feature)).as(feature)
				.isEqualTo(CatalogQueries.answer(this.theirs, feature));
		}
		for (int id : List.of(1, 2)) {
			Map<String, Object> ourRow = vectorizer(this.ours, id);
			Map<String, Object> theirRow = vectorizer(this.theirs, id);
			Map<String, Object> ourConfig = config(ourRow);
			assertThat(String.valueOf(ourConfig.remove("version"))).matches(SEMVER);
			Map<String, Object> theirConfig = config(theirRow);
			theirConfig.remove("version");
			assertThat(ourConfig).isEqualTo(theirConfig);
			assertThat(ourRow).isEqualTo(theirRow);
		}
	}

	@Test
	void aBatchAsPgaisWorkerRunsItLeavesTheSameStateOnBothCatalogs() throws SQLException {
		for (TestDatabase database : List.of(this.theirs, this.ours)) {
			replayBatch(database);
		}
		assertThat(CatalogQueries.answer(this.ours, STATE)).isEqualTo(CatalogQueries.answer(this.theirs, STATE))
			.contains("store=1/0/Post 1: Body of post 1/[1,0,0],2/0/Post 2: Body of post 2/[0,1,0]")
			.contains("queue=3/1/true")
			.contains("failed=4/loading")
			.contains("column_destination=1/[1,1,1],2/-")
			.contains("column_queue=0")
			.contains("process=2/2/1/loading failed")
			.contains("progress=1/2/1");
	}

	/** One batch of pgai's worker, as {@code Executor.run} and {@code _do_batch} issue it. */
	private void replayBatch(TestDatabase database) throws SQLException {
		try (Connection connection = database.open()) {
			UUID worker = uuid(connection, "select ai._worker_start(?::text, ?::interval)", "0.12.1", "300 seconds");
			execute(connection, "select ai._worker_heartbeat(?, ?, ?, ?)", worker, 0, 0, null);
			connection.setAutoCommit(false);
			execute(connection, "SELECT disabled FROM \"ai\".\"vectorizer\" WHERE id = ?", 1);
			List<Integer> claimed = new ArrayList<>();
			try (PreparedStatement fetch = connection.prepareStatement(FETCH_WITH_RETRIES)) {
				fetch.setInt(1, 50);
				fetch.setInt(2, 1);
				try (ResultSet rs = fetch.executeQuery()) {
					while (rs.next()) {
						claimed.add(rs.getInt("id"));
						assertThat(rs.getString("title")).isEqualTo("Post " + rs.getInt("id"));
						assertThat(rs.getInt("loading_retries")).isZero();
					}
				}
			}
			assertThat(claimed).containsExactly(1, 2, 3, 4);
			execute(connection, "DELETE FROM \"public\".\"blog_embedding_store\" WHERE (\"id\") IN ((?),(?))", 1, 2);
			// pgai's worker writes binary COPY; the statement is the same but for the format
			copy(connection, "COPY \"public\".\"blog_embedding_store\" (\"id\", chunk_seq, chunk, embedding) FROM STDIN",
					"1\t0\tPost 1: Body of post 1\t[1,0,0]\n2\t0\tPost 2: Body of post 2\t[0,1,0]\n");
			execute(connection, """
					INSERT INTO "ai"."_vectorizer_q_1"
					    ("id", loading_retries, loading_retry_after)
					VALUES
					    (?, (?+1),
					    now() + INTERVAL '3 minutes'* (? + 1))""", 3, 0, 0);
			execute(connection, """
					INSERT INTO "ai"."_vectorizer_q_failed_1"
					    ("id", failure_step)
					VALUES
					    (?, ?)""", 4, "loading");
			execute(connection, "INSERT INTO \"ai\".\"_vectorizer_errors\" (id, message, details) VALUES (?, ?, ?::jsonb)",
					1, "loading failed", "{\"loader\": \"column\", \"error_reason\": \"x\", \"is_retryable\": true}");
			connection.commit();
			execute(connection, "select ai._worker_progress(?, ?, ?, NULL)", worker, 1, 2);
			connection.commit();
			execute(connection, "select ai._worker_progress(?, ?, 0, ?)", worker, 1, "loading failed");
			connection.commit();
			execute(connection, "UPDATE \"public\".\"blog\" SET \"vec\" = ?::vector WHERE (\"id\") = (?)", "[1,1,1]", 1);
			connection.commit();
			connection.setAutoCommit(true);
			execute(connection, "select ai._worker_heartbeat(?, ?, ?, ?)", worker, 2, 1, "loading failed");
		}
	}

	private Map<String, Object> vectorizer(TestDatabase database, int id) throws Exception {
		String row = CatalogQueries.answer(database,
				"select pg_catalog.to_jsonb(v) as vectorizer from ai.vectorizer v where v.id = " + id);
		return this.json.readValue(row.substring("[vectorizer=".length(), row.length() - 2), new TypeReference<>() {
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> config(Map<String, Object> row) {
		return (Map<String, Object>) row.remove("config");
	}

	private static UUID uuid(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rs = statement.executeQuery()) {
			rs.next();
			return rs.getObject(1, UUID.class);
		}
	}

	private static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql, parameters)) {
			statement.execute();
		}
	}

	private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
			throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		for (int i = 0; i < parameters.length; i++) {
			statement.setObject(i + 1, parameters[i]);
		}
		return statement;
	}

	private static void copy(Connection connection, String sql, String rows) throws SQLException {
		try {
			connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows));
		}
		catch (java.io.IOException ex) {
			throw new SQLException(ex);
		}
	}

}
