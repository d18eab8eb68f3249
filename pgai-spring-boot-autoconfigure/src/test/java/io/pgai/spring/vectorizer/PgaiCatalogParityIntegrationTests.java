package io.pgai.spring.vectorizer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.pgai.spring.test.CatalogQueries;
import io.pgai.spring.test.PgaiCatalog;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static io.pgai.spring.test.CatalogQueries.column;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * pgai-spring's catalog against pgai 0.12.1's own, installed side by side in two databases and
 * asked the same questions: signatures, returned JSON, errors, the objects {@code create_vectorizer}
 * makes, what the triggers do, the catalog's tables and views, and worker tracking.
 */
class PgaiCatalogParityIntegrationTests {

	/** pgai's text-to-SQL semantic catalog: not a vectorizer feature, left out on purpose. */
	private static final Function<String, Boolean> SEMANTIC_CATALOG = (signature) -> signature.startsWith("sc_")
			|| signature.startsWith("_sc_") || signature.contains("semantic_catalog");

	/** pgai-spring's additions: its in-process model and private helpers. */
	private static final Set<String> OUR_ADDITIONS = Set.of("embedding_local", "_grantees", "_validate_config_type",
			"_vectorizer_create_queue", "_vectorizer_pk_definitions", "_vectorizer_pk_list", "_vectorizer_set_disabled");

	private TestDatabase theirs;

	private TestDatabase ours;

	@BeforeEach
	void installBoth() throws SQLException {
		this.theirs = PgaiCatalog.install("pgai_parity_theirs");
		this.ours = TestDatabase.fresh("pgai_parity_ours");
		new AiSchemaInstaller(new DriverManagerDataSource(this.ours.url(), this.ours.username(), this.ours.password()))
			.install();
		try (Connection connection = this.ours.open(); Statement statement = connection.createStatement()) {
			statement.execute("do $$ begin if not exists (select from pg_roles where rolname = 'pgai_parity_reader') "
					+ "then create role pgai_parity_reader; end if; end $$");
		}
		both("create schema blog");
	}

	@Test
	void everyVectorizerFunctionHasPgaisSignatureDefaultsVolatilityAndSecurity() throws SQLException {
		String query = """
				select p.proname || '(' || pg_get_function_arguments(p.oid) || ') -> '
				       || coalesce(pg_get_function_result(p.oid), 'procedure') || ' volatility ' || p.provolatile::text
				       || case when p.prosecdef then ' security definer' else '' end
				from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				where n.nspname = 'ai' and p.prorettype <> 'trigger'::regtype
				order by 1""";
		List<String> pgais = column(this.theirs, query).stream().filter((s) -> !SEMANTIC_CATALOG.apply(s)).toList();
		List<String> ourFunctions = column(this.ours, query);
		assertThat(pgais).hasSizeGreaterThan(60);
		assertThat(ourFunctions).containsAll(pgais);
		Set<String> extra = new TreeSet<>();
		ourFunctions.stream().filter((s) -> !pgais.contains(s)).forEach((s) -> extra.add(s.substring(0, s.indexOf('('))));
		assertThat(extra).isEqualTo(new TreeSet<>(OUR_ADDITIONS));
	}

	@Test
	void theBuildersReturnPgaisJson() throws SQLException {
		List<String> calls = List.of("ai.loading_column('content')", "ai.loading_column('c', 0)",
				"ai.loading_uri('u')", "ai.loading_uri('u', 3, 'arn:aws:iam::1:role/r')", "ai.parsing_auto()",
				"ai.parsing_none()", "ai.parsing_pymupdf()", "ai.parsing_docling()",
				"ai.chunking_character_text_splitter()", "ai.chunking_character_text_splitter(separator => null)",
				"ai.chunking_character_text_splitter(10, 20, E'\\\\s+', true)",
				"ai.chunking_recursive_character_text_splitter()",
				"ai.chunking_recursive_character_text_splitter(100, 10, array['a', null])",
				"ai.chunking_recursive_character_text_splitter(separators => null)", "ai.chunking_none()",
				"ai.formatting_python_template()", "ai.formatting_python_template(null)",
				"ai.embedding_openai('m', 3)", "ai.embedding_openai('m', null)",
				"ai.embedding_openai('m', 3, 'u', null, 'http://x')", "ai.embedding_ollama('m', 3)",
				"ai.embedding_ollama('m', 3, 'http://o', '{\"num_ctx\": 1}', '5m')", "ai.embedding_voyageai('m', 3)",
				"ai.embedding_voyageai('m', 3, null, null)", "ai.embedding_litellm('m', 3, 'K', '{\"a\": 1}')",
				"ai.embedding_sentence_transformers()", "ai.indexing_none()", "ai.indexing_default()",
				"ai.indexing_hnsw()", "ai.indexing_hnsw(opclass => 'vector_l2_ops', m => 4, ef_construction => 8)",
				"ai.indexing_diskann()", "ai.indexing_diskann(max_alpha => 1.2, storage_layout => 'plain')",
				"ai.processing_default()", "ai.processing_default(5000, 0)", "ai.scheduling_none()",
				"ai.scheduling_default()", "ai.scheduling_timescaledb()",
				"ai.scheduling_timescaledb('1h', '2026-01-01 00:00+00', true, 'UTC')", "ai.destination_table()",
				"ai.destination_table('d', 's', 't', 'vs', 'vn')", "ai.destination_column('e')", "ai.grant_to()",
				"ai.grant_to('b', 'a', 'b')", "ai._resolve_indexing_default()", "ai._resolve_scheduling_default()",
				"ai._evaluate_destination(ai.destination_table(view_schema => 'v'), 's', 't')",
				"ai._evaluate_destination(ai.destination_table(destination => 'd'), 's', 't')",
				"ai._evaluate_destination(ai.destination_column('e'), 's', 't')", "ai._vectorizer_source_pk('blog.t'::regclass)");
		both("create table blog.t (b text, a int, body text, primary key (a, b))");
		for (String call : calls) {
			assertThat(CatalogQueries.answer(this.ours, "select " + call + "::text")).as(call)
				.isEqualTo(CatalogQueries.answer(this.theirs, "select " + call + "::text"));
		}
		for (String setting : List.of("set ai.indexing_default = 'indexing_hnsw'",
				"set ai.scheduling_default = 'scheduling_timescaledb'", "set ai.grant_to_default = 'x, y'")) {
			String call = "select ai._resolve_indexing_default()::text, ai._resolve_scheduling_default()::text, "
					+ "ai.grant_to('z')::text";
			assertThat(CatalogQueries.answer(this.ours, setting + "; " + call)).as(setting)
				.isEqualTo(CatalogQueries.answer(this.theirs, setting + "; " + call));
		}
	}

	@Test
	void invalidCallsFailWithPgaisStateAndMessage() throws SQLException {
		both("create table blog.posts (id int primary key, title text, content text, data bytea, n int)",
				"create table blog.nokey (id int, content text)",
				"create table blog.chunky (id int primary key, chunk text, content text)");
		String create = "select ai.create_vectorizer('blog.posts'::regclass, ";
		String valid = "loading => ai.loading_column('content'), embedding => ai.embedding_openai('m', 3)";
		List<String> calls = List.of("select ai.embedding_voyageai('m', 3, 'other')",
				create + "embedding => ai.embedding_openai('m', 3))", create + "loading => ai.loading_column('content'))",
				create + "loading => ai.loading_column('content'), embedding => ai.embedding_openai('m', null))",
				"select ai.create_vectorizer('blog.nokey'::regclass, " + valid + ")",
				create + "loading => ai.loading_column('nope'), embedding => ai.embedding_openai('m', 3))",
				create + "loading => ai.loading_column('n'), embedding => ai.embedding_openai('m', 3))",
				create + "loading => ai.loading_column('content', -1), embedding => ai.embedding_openai('m', 3))",
				create + "loading => ai.loading_uri('data'), embedding => ai.embedding_openai('m', 3))",
				create + "loading => ai.loading_uri('content', aws_role_arn => 'x'), embedding => ai.embedding_openai('m', 3))",
				create + "loading => ai.loading_column('data'), parsing => ai.parsing_none(), embedding => ai.embedding_openai('m', 3))",
				create + "loading => ai.loading_column('content'), parsing => ai.parsing_pymupdf(), embedding => ai.embedding_openai('m', 3))",
				create + valid + ", parsing => '{\"config_type\": \"parsing\", \"implementation\": \"x\"}')",
				create + valid + ", destination => ai.destination_column('e'))",
				create + valid + ", destination => '[]')", create + valid + ", chunking => ai.loading_column('x'))",
				create + valid + ", chunking => '{\"config_type\": \"chunking\", \"implementation\": \"x\"}')",
				create + "loading => ai.loading_column('content'), embedding => ai.embedding_sentence_transformers())",
				create + "loading => ai.loading_column('content'), embedding => '{\"config_type\": \"embedding\"}')",
				create + valid + ", indexing => ai.indexing_diskann(storage_layout => 'x'))",
				create + valid + ", indexing => ai.indexing_hnsw(opclass => 'vector_l2_ops'))",
				create + valid + ", indexing => '{\"config_type\": \"indexing\", \"implementation\": \"x\"}')",
				create + valid + ", indexing => ai.indexing_diskann())",
				create + valid + ", formatting => ai.formatting_python_template('$title'))",
				create + valid + ", formatting => '{\"config_type\": \"formatting\", \"implementation\": \"x\"}')",
				"select ai.create_vectorizer('blog.chunky'::regclass, " + valid + ")",
				create + valid + ", scheduling => ai.scheduling_timescaledb())",
				create + valid + ", scheduling => '{\"config_type\": \"scheduling\", \"implementation\": \"x\"}')",
				create + valid + ", processing => ai.processing_default(5000))",
				create + valid + ", processing => ai.processing_default(0))",
				create + valid + ", processing => ai.processing_default(concurrency => 51))",
				create + valid + ", processing => '{\"config_type\": \"processing\", \"implementation\": \"x\"}')",
				create + valid + ", name => 'Not Valid')", create + valid + ", queue_table => 'posts')",
				"select ai.drop_vectorizer(42)", "select ai.vectorizer_queue_pending(42)",
				"select ai.execute_vectorizer('nope')", "select ai.disable_vectorizer_schedule(42)",
				"select ai._vectorizer_vector_index_exists('blog', 'posts', ai.indexing_none())",
				"select ai.vectorizer_embed(ai.embedding_litellm('m', 3), 'x')");
		for (String call : calls) {
			assertThat(CatalogQueries.failure(this.ours, call)).as(call).isEqualTo(CatalogQueries.failure(this.theirs, call));
		}
	}

	@Test
	void callsPgaiAnswersQuietlyAreAnsweredTheSame() throws SQLException {
		for (String call : List.of("select ai.vectorizer_queue_pending('nope')", "select ai.drop_vectorizer('nope')",
				"select ai.enable_vectorizer_schedule('nope')", "select ai.vectorizer_embed('nope', 'x')",
				"select ai.grant_to(variadic array[]::name[])")) {
			assertThat(CatalogQueries.answer(this.ours, call)).as(call).isEqualTo(CatalogQueries.answer(this.theirs, call));
		}
	}

	@Test
	void createVectorizerMakesPgaisObjects() throws SQLException {
		both("create table blog.\"Post's\" (tenant text, id int, title text, body text, views int, "
				+ "primary key (id, tenant))", "insert into blog.\"Post's\" values ('a', 1, 'T', 'body one', 0)",
				"create table blog.docs (id bigint primary key, uri text, note varchar(20))",
				"insert into blog.docs values (1, 'file:///x.pdf', 'n')");
		List<String> creations = List.of("""
				select ai.create_vectorizer('blog."Post''s"'::regclass, name => 'posts', loading => ai.loading_column('body'),
				    embedding => ai.embedding_openai('text-embedding-3-small', 768),
				    formatting => ai.formatting_python_template('$title: $chunk'), grant_to => ai.grant_to('pgai_parity_reader'))""",
				"""
				select ai.create_vectorizer('blog."Post''s"'::regclass, name => 'col',
				    loading => ai.loading_column('body'), embedding => ai.embedding_ollama('m', 4),
				    destination => ai.destination_column('body_embedding'), chunking => ai.chunking_none(),
				    enqueue_existing => false)""",
				"""
				select ai.create_vectorizer('blog.docs'::regclass, loading => ai.loading_uri('uri'),
				    parsing => ai.parsing_docling(), embedding => ai.embedding_voyageai('voyage-3', 1024),
				    destination => ai.destination_table(destination => 'doc_vectors', target_schema => 'public'),
				    processing => ai.processing_default(batch_size => 1, concurrency => 2),
				    queue_schema => 'blog', queue_table => 'docs_queue')""",
				"""
				select ai.create_vectorizer('blog.docs'::regclass, if_not_exists => true, loading => ai.loading_uri('uri'),
				    embedding => ai.embedding_voyageai('voyage-3', 1024),
				    destination => ai.destination_table(destination => 'doc_vectors', target_schema => 'public'))""");
		for (String creation : creations) {
			assertThat(CatalogQueries.answer(this.ours, creation)).as(creation).isEqualTo(CatalogQueries.answer(this.theirs, creation));
		}
		String catalog = """
				select id, name, source_schema, source_table, source_pk, trigger_name, queue_schema, queue_table,
				       queue_failed_table, config - 'version' as config, disabled
				from ai.vectorizer order by id""";
		assertThat(CatalogQueries.answer(this.ours, catalog)).isEqualTo(CatalogQueries.answer(this.theirs, catalog));
		assertThat(CatalogQueries.answer(this.ours, "select distinct config->>'version' as version from ai.vectorizer"))
			.isEqualTo("[version=0.12.1+pgai-spring.4]\n");
		for (String relation : List.of("blog.\"Post's_embedding_store\"", "blog.\"Post's_embedding\"", "blog.\"Post's\"",
				"ai._vectorizer_q_1", "ai._vectorizer_q_failed_1", "ai._vectorizer_q_2", "ai._vectorizer_q_failed_2",
				"public.doc_vectors_store", "blog.doc_vectors", "blog.docs_queue", "blog._vectorizer_q_failed_3")) {
			assertThat(CatalogQueries.shape(this.ours, relation)).as(relation).isEqualTo(CatalogQueries.shape(this.theirs, relation));
		}
		String triggers = """
				select c.relname, t.tgname, t.tgtype, p.pronamespace::regnamespace, p.proname, p.prosecdef,
				       p.proconfig, p.proacl
				from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
				where not t.tgisinternal order by 1, 2""";
		assertThat(CatalogQueries.answer(this.ours, triggers)).isEqualTo(CatalogQueries.answer(this.theirs, triggers));
		String grants = """
				select nspname, nspacl from pg_namespace where nspname in ('blog', 'public') order by 1;
				select has_schema_privilege('pgai_parity_reader', 'ai', 'usage')""";
		assertThat(CatalogQueries.answer(this.ours, grants)).isEqualTo(CatalogQueries.answer(this.theirs, grants));
		assertThat(CatalogQueries.answer(this.ours, "select ai.vectorizer_queue_pending(1), ai.vectorizer_queue_pending(2)"))
			.isEqualTo(CatalogQueries.answer(this.theirs, "select ai.vectorizer_queue_pending(1), ai.vectorizer_queue_pending(2)"));
		String status = "select * from ai.vectorizer_status order by id";
		assertThat(CatalogQueries.answer(this.ours, status)).isEqualTo(CatalogQueries.answer(this.theirs, status));
	}

	@Test
	void aKeyColumnNeedingQuotesWorksHereWherePgaisViewFails() throws SQLException {
		both("create table blog.\"Odd\" (\"Tenant\" text, id int, body text, primary key (id, \"Tenant\"))");
		String create = """
				select ai.create_vectorizer('blog."Odd"'::regclass, name => 'odd', loading => ai.loading_column('body'),
				    embedding => ai.embedding_openai('m', 3))""";
		assertThat(CatalogQueries.failure(this.theirs, create)).isEqualTo("42703 column t.tenant does not exist");
		assertThat(CatalogQueries.answer(this.ours, create)).isEqualTo("[create_vectorizer=1]\n");
		assertThat(CatalogQueries.answer(this.ours, "select count(*) from blog.\"Odd_embedding\"")).isEqualTo("[count=0]\n");
	}

	@Test
	void triggersChangeQueuesAndStoresAlike() throws SQLException {
		both("create table blog.posts (id int primary key, title text, body text, body_embedding text)",
				"insert into blog.posts values (1, 'One', 'first', null), (2, 'Two', 'second', null)", """
						select ai.create_vectorizer('blog.posts'::regclass, loading => ai.loading_column('body'),
						    embedding => ai.embedding_openai('m', 3), enqueue_existing => false)""",
				"""
						select ai.create_vectorizer('blog.posts'::regclass, name => 'col', loading => ai.loading_column('body'),
						    embedding => ai.embedding_openai('m', 3), chunking => ai.chunking_none(),
						    destination => ai.destination_column('vec'), enqueue_existing => false)""",
				"insert into blog.posts_embedding_store (id, chunk_seq, chunk, embedding) values "
						+ "(1, 0, 'first', '[1,0,0]'), (2, 0, 'second', '[0,1,0]')");
		String state = """
				select (select coalesce(string_agg(id::text || '/' || loading_retries, ',' order by id), '')
				        from ai._vectorizer_q_1) as table_queue,
				       (select coalesce(string_agg(id::text, ',' order by id), '') from ai._vectorizer_q_2) as column_queue,
				       (select coalesce(string_agg(id || ':' || chunk, ',' order by id), '') from blog.posts_embedding_store) as store""";
		List<String> steps = List.of("insert into blog.posts values (3, 'Three', 'third', null)",
				"update blog.posts set title = 'Uno' where id = 1", "update blog.posts set title = title where id = 2",
				"update blog.posts set vec = '[1,1,1]' where id = 2", "update blog.posts set body_embedding = 'x' where id = 2",
				"update blog.posts set id = 10 where id = 1", "delete from blog.posts where id = 2",
				"truncate ai._vectorizer_q_1, ai._vectorizer_q_2",
				"insert into blog.posts_embedding_store (id, chunk_seq, chunk, embedding) values (3, 0, 't', '[1,1,1]')",
				"truncate blog.posts");
		for (String step : steps) {
			both(step);
			assertThat(CatalogQueries.answer(this.ours, state)).as(step).isEqualTo(CatalogQueries.answer(this.theirs, state));
		}
	}

	@Test
	void theCatalogsTablesAndViewsHavePgaisShape() throws SQLException {
		for (String relation : List.of("ai.vectorizer", "ai._vectorizer_errors", "ai.vectorizer_errors",
				"ai.vectorizer_status", "ai.vectorizer_worker_process", "ai.vectorizer_worker_progress",
				"ai.pgai_lib_version")) {
			assertThat(CatalogQueries.shape(this.ours, relation)).as(relation).isEqualTo(CatalogQueries.shape(this.theirs, relation));
		}
		assertThat(CatalogQueries.answer(this.ours, "select version from ai.pgai_lib_version where name = 'ai'"))
			.isEqualTo(CatalogQueries.answer(this.theirs, "select version from ai.pgai_lib_version where name = 'ai'"));
	}

	@Test
	void workerTrackingRecordsAlike() throws SQLException {
		both("create table blog.posts (id int primary key, body text)", """
				select ai.create_vectorizer('blog.posts'::regclass, loading => ai.loading_column('body'),
				    embedding => ai.embedding_openai('m', 3))""");
		String work = """
				do $$
				declare w uuid := ai._worker_start('0.12.1', interval '5 minutes');
				begin
				    perform ai._worker_heartbeat(w, 3, 0, null);
				    perform ai._worker_heartbeat(w, 1, 2, 'boom');
				    perform ai._worker_heartbeat(w, 0, 0, null);
				    perform ai._worker_progress(w, 1, 5, null);
				    perform ai._worker_progress(w, 1, 0, 'failed');
				    perform ai._worker_progress(w, 1, 2, null);
				end $$""";
		both(work);
		String process = """
				select version, expected_heartbeat_interval, heartbeat_count, error_count, success_count,
				       last_error_message, last_error_at is not null, last_heartbeat >= started
				from ai.vectorizer_worker_process""";
		assertThat(CatalogQueries.answer(this.ours, process)).isEqualTo(CatalogQueries.answer(this.theirs, process));
		String progress = """
				select g.vectorizer_id, g.success_count, g.error_count, g.last_error_message,
				       g.last_success_process_id = p.id, g.last_error_process_id = p.id, g.last_success_at > g.last_error_at
				from ai.vectorizer_worker_progress g cross join ai.vectorizer_worker_process p""";
		assertThat(CatalogQueries.answer(this.ours, progress)).isEqualTo(CatalogQueries.answer(this.theirs, progress));
	}

	private void both(String... statements) throws SQLException {
		for (TestDatabase database : List.of(this.theirs, this.ours)) {
			try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
			}
		}
	}

}
