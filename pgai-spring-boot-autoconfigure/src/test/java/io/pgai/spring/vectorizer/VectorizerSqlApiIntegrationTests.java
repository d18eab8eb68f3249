package io.pgai.spring.vectorizer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import javax.sql.DataSource;

import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * pgai's vectorizer SQL API as installed by {@link AiSchemaInstaller}: functions and defaults, the
 * tables, view, queue and triggers {@code create_vectorizer} makes, and its errors.
 */
class VectorizerSqlApiIntegrationTests {

	private final JdbcTemplate jdbc = Jdbc.template();

	@BeforeEach
	void installFresh() {
		this.jdbc.execute("drop schema if exists ai cascade");
		this.jdbc.execute("drop table if exists posts_embedding_store, posts, items_embedding_store, items, "
				+ "\"Odd \"\"Name\"\"_embedding_store\", \"Odd \"\"Name\"\"\" cascade");
		this.jdbc.execute("drop view if exists posts_embedding, items_embedding");
		assertThat(new AiSchemaInstaller(dataSource()).install().outcome())
			.isEqualTo(AiSchemaInstaller.Installation.Outcome.INSTALLED);
		this.jdbc.execute("create table posts (id bigint primary key, title text not null, content text, views int)");
		this.jdbc.execute("insert into posts values (1, 'One', 'first post', 0), (2, 'Two', 'second post', 0)");
	}

	@AfterEach
	void close() {
		// Leave no half-made or foreign catalog behind for the applications of other tests.
		this.jdbc.execute("drop schema if exists ai cascade");
		Jdbc.close(this.jdbc);
	}

	@Test
	void installingTwiceChangesNothing() {
		AiSchemaInstaller.Installation again = new AiSchemaInstaller(dataSource()).install();
		assertThat(again.outcome()).isEqualTo(AiSchemaInstaller.Installation.Outcome.UP_TO_DATE);
		assertThat(this.jdbc.queryForList("select version from ai._pgai_spring_migration", Integer.class))
			.containsExactly(1, 2, 3, 4);
	}

	@Test
	void twoInstallersRacingInstallOnce() throws Exception {
		this.jdbc.execute("drop schema ai cascade");
		CyclicBarrier start = new CyclicBarrier(2);
		List<CompletableFuture<AiSchemaInstaller.Installation>> installs = List.of(1, 2)
			.stream()
			.map((i) -> CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return new AiSchemaInstaller(dataSource()).install();
			}))
			.toList();
		List<AiSchemaInstaller.Installation.Outcome> outcomes = installs.stream()
			.map(CompletableFuture::join)
			.map(AiSchemaInstaller.Installation::outcome)
			.toList();
		assertThat(outcomes).containsExactlyInAnyOrder(AiSchemaInstaller.Installation.Outcome.INSTALLED,
				AiSchemaInstaller.Installation.Outcome.UP_TO_DATE);
	}

	@Test
	void pgaisOwnCatalogIsLeftAlone() {
		this.jdbc.execute("drop schema ai cascade");
		this.jdbc.execute("create schema ai");
		this.jdbc.execute("create table ai.vectorizer (id int primary key, name text)");
		assertThat(new AiSchemaInstaller(dataSource()).install().outcome())
			.isEqualTo(AiSchemaInstaller.Installation.Outcome.FOREIGN_CATALOG);
		assertThat(this.jdbc.queryForObject("select to_regclass('ai._pgai_spring_migration') is null", Boolean.class))
			.isTrue();
		assertThat(this.jdbc.queryForObject("select to_regproc('ai.loading_column') is null", Boolean.class)).isTrue();
	}

	@Test
	void configurationFunctionsHavePgaisDefaults() {
		assertThat(json("select ai.loading_column('content')"))
			.isEqualTo(Map.of("implementation", "column", "config_type", "loading", "column_name", "content",
					"retries", 6));
		assertThat(json("select ai.chunking_recursive_character_text_splitter()")).containsEntry("chunk_size", 800)
			.containsEntry("chunk_overlap", 400)
			.containsEntry("separators", List.of("\n\n", "\n", ".", "?", "!", " ", ""))
			.containsEntry("is_separator_regex", false);
		assertThat(json("select ai.chunking_character_text_splitter()")).containsEntry("separator", "\n\n")
			.containsEntry("chunk_size", 800);
		assertThat(json("select ai.formatting_python_template()")).containsEntry("template", "$chunk");
		assertThat(json("select ai.embedding_openai('text-embedding-3-small', 768)"))
			.containsEntry("api_key_name", "OPENAI_API_KEY")
			.containsEntry("dimensions", 768)
			.doesNotContainKey("base_url");
		assertThat(json("select ai.embedding_ollama('nomic-embed-text', 768)")).containsEntry("implementation",
				"ollama");
		assertThat(json("select ai.embedding_local()")).containsEntry("model", "all-MiniLM-L6-v2")
			.containsEntry("dimensions", 384);
		assertThat(json("select ai.indexing_hnsw()")).containsEntry("min_rows", 100000)
			.containsEntry("opclass", "vector_cosine_ops");
		assertThat(json("select ai.destination_table(target_table => 'x')")).containsEntry("target_table", "x");
		assertThat(this.jdbc.queryForObject("select ai.grant_to('b', 'a', 'b')::text", String.class))
			.isEqualTo("{a,b}");
	}

	@Test
	void theReferenceDocumentsCallCreatesPgaisTables() {
		int id = this.jdbc.queryForObject("""
				SELECT ai.create_vectorizer(
				    'posts'::regclass,
				    loading => ai.loading_column('content'),
				    embedding => ai.embedding_openai('text-embedding-3-small', 768),
				    chunking => ai.chunking_recursive_character_text_splitter(50, 10)
				)""", Integer.class);
		assertThat(columns("posts_embedding_store")).containsExactly("embedding_uuid uuid", "id bigint",
				"chunk_seq integer", "chunk text", "embedding vector(768)");
		assertThat(this.jdbc.queryForObject("select attstorage from pg_attribute where attrelid = "
				+ "'posts_embedding_store'::regclass and attname = 'embedding'", String.class)).isEqualTo("m");
		assertThat(this.jdbc.queryForList("select pg_get_constraintdef(oid) from pg_constraint where conrelid = "
				+ "'posts_embedding_store'::regclass order by contype", String.class))
			.containsExactly("PRIMARY KEY (embedding_uuid)", "UNIQUE (id, chunk_seq)");
		assertThat(columns("posts_embedding")).containsExactly("embedding_uuid uuid", "chunk_seq integer",
				"chunk text", "embedding vector(768)", "id bigint", "title text", "content text", "views integer");
		assertThat(columns("ai._vectorizer_q_" + id)).containsExactly("id bigint",
				"queued_at timestamp with time zone", "loading_retries integer",
				"loading_retry_after timestamp with time zone");
		assertThat(this.jdbc.queryForObject("select to_regclass('ai._vectorizer_q_failed_" + id + "') is not null",
				Boolean.class)).isTrue();
		Map<String, Object> catalog = this.jdbc.queryForMap("select name, source_schema::text, source_table::text, "
				+ "source_pk::text, config->'chunking'->>'chunk_size' as chunk_size from ai.vectorizer where id = ?", id);
		assertThat(catalog).containsEntry("name", "public_posts_embedding_store")
			.containsEntry("source_table", "posts")
			.containsEntry("chunk_size", "50");
		assertThat((String) catalog.get("source_pk")).contains("\"attname\": \"id\"").contains("\"typname\": \"bigint\"");
		assertThat(this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_" + id, Long.class)).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("select pending_items from ai.vectorizer_status where id = ?", Long.class,
				id)).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("select ai.vectorizer_queue_pending('public_posts_embedding_store', true)",
				Long.class)).isEqualTo(2);
	}

	@Test
	void triggersKeepQueueAndStoreInStepWithTheSource() {
		int id = CreateVectorizer.source("posts")
			.loadingColumn("content")
			.embeddingOpenAi("text-embedding-3-small", 3)
			.enqueueExisting(false)
			.execute(this.jdbc);
		String queue = "ai._vectorizer_q_" + id;
		this.jdbc.execute("insert into posts_embedding_store (id, chunk_seq, chunk, embedding) values "
				+ "(1, 0, 'first', '[1,0,0]'), (2, 0, 'second', '[0,1,0]')");
		assertThat(queued(queue)).isEmpty();
		this.jdbc.execute("insert into posts values (3, 'Three', 'third', 0)");
		assertThat(queued(queue)).containsExactly(3L);
		this.jdbc.execute("update posts set views = 1 where id = 1");
		this.jdbc.execute("update posts set views = views where id = 2");
		assertThat(queued(queue)).containsExactly(1L, 3L);
		// pgai's semantics: a key change deletes the old key's chunks and queues the new key
		this.jdbc.execute("update posts set id = 10 where id = 1");
		assertThat(this.jdbc.queryForList("select id from posts_embedding_store order by id", Long.class))
			.containsExactly(2L);
		assertThat(queued(queue)).containsExactly(1L, 3L, 10L);
		this.jdbc.execute("delete from posts where id = 2");
		assertThat(this.jdbc.queryForList("select id from posts_embedding_store", Long.class)).isEmpty();
		assertThat(queued(queue)).containsExactly(1L, 3L, 10L);
		this.jdbc.execute("truncate posts");
		assertThat(this.jdbc.queryForObject("select count(*) from posts_embedding_store", Long.class)).isZero();
		assertThat(queued(queue)).isEmpty();
	}

	@Test
	void compositeKeysAndOddNamesAreQuoted() {
		this.jdbc.execute("create table \"Odd \"\"Name\"\"\" (\"Tenant\" text, n int, body text, primary key (\"Tenant\", n))");
		this.jdbc.execute("insert into \"Odd \"\"Name\"\"\" values ('a', 1, 'x')");
		int id = CreateVectorizer.source("Odd \"Name\"")
			.name("odd")
			.loadingColumn("body")
			.embeddingLocal("all-MiniLM-L6-v2", 384)
			.formattingPythonTemplate("$chunk'); drop table posts; --")
			.execute(this.jdbc);
		assertThat(columns("\"Odd \"\"Name\"\"_embedding_store\"")).containsExactly("embedding_uuid uuid",
				"Tenant text", "n integer", "chunk_seq integer", "chunk text", "embedding vector(384)");
		assertThat(this.jdbc.queryForObject("select config->'formatting'->>'template' from ai.vectorizer where id = ?",
				String.class, id)).isEqualTo("$chunk'); drop table posts; --");
		assertThat(this.jdbc.queryForObject("select to_regclass('posts') is not null", Boolean.class)).isTrue();
		assertThat(this.jdbc.queryForObject("select count(*) from ai._vectorizer_q_" + id, Long.class)).isOne();
	}

	@Test
	void badArgumentsAreRejectedWithTheReason() {
		this.jdbc.execute("create table items (id int, body text)");
		assertRejected("select ai.create_vectorizer('items'::regclass, loading => ai.loading_column('body'), "
				+ "embedding => ai.embedding_openai('m', 3))", "source table must have a primary key constraint");
		assertRejected("select ai.create_vectorizer('posts'::regclass, loading => ai.loading_column('views'), "
				+ "embedding => ai.embedding_openai('m', 3))", "column_name views in config is of invalid type int4");
		assertRejected("select ai.create_vectorizer('posts'::regclass, loading => ai.loading_column('nope'), "
				+ "embedding => ai.embedding_openai('m', 3))", "column_name in config does not exist in the table: nope");
		assertRejected("select ai.create_vectorizer('posts'::regclass, loading => ai.loading_column('nope'), "
				+ "embedding => ai.embedding_openai('m', 3))", "Hint: pgai-spring: public.posts has no column nope");
		assertRejected("select ai.create_vectorizer('posts'::regclass, loading => ai.loading_column('content'), "
				+ "embedding => ai.embedding_openai('m', null))", "dimensions argument is required");
		assertRejected("select ai.create_vectorizer('posts'::regclass, loading => ai.loading_column('content'), "
				+ "embedding => ai.embedding_openai('m', 3), formatting => ai.formatting_python_template('$title'))",
				"template must contain $chunk placeholder");
		assertRejected("select ai.create_vectorizer('posts'::regclass, embedding => ai.embedding_openai('m', 3))",
				"loading configuration is required");
		String create = CreateVectorizer.source("posts").loadingColumn("content").embeddingOpenAi("m", 3).toSql();
		this.jdbc.queryForObject(create, Integer.class);
		assertRejected(create, "a vectorizer named public_posts_embedding_store already exists.");
		assertRejected(CreateVectorizer.source("posts").name("other").loadingColumn("content").embeddingOpenAi("m", 3)
			.toSql(), "an object named public.posts_embedding already exists. specify an alternate destination or "
					+ "view_name explicitly");
		Integer existing = this.jdbc.queryForObject(
				CreateVectorizer.source("posts").loadingColumn("content").embeddingOpenAi("m", 3).ifNotExists().toSql(),
				Integer.class);
		assertThat(existing).isEqualTo(this.jdbc.queryForObject("select id from ai.vectorizer", Integer.class));
	}

	@Test
	void onlyTheOwnerMayCreateAVectorizer() {
		this.jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = 'pgai_stranger') then "
				+ "create role pgai_stranger; end if; end $$");
		this.jdbc.execute("grant usage on schema ai to pgai_stranger");
		this.jdbc.execute("grant execute on all functions in schema ai to pgai_stranger");
		try {
			this.jdbc.execute("set role pgai_stranger");
			assertRejected("select ai.create_vectorizer('posts'::regclass, loading => ai.loading_column('content'), "
					+ "embedding => ai.embedding_openai('m', 3))",
					"only a superuser or the owner of the source table may create a vectorizer on it");
		}
		finally {
			this.jdbc.execute("reset role");
		}
	}

	@Test
	void dropVectorizerKeepsOrDropsTheStore() {
		CreateVectorizer.source("posts").loadingColumn("content").embeddingOpenAi("m", 3).execute(this.jdbc);
		this.jdbc.execute(DropVectorizer.named("public_posts_embedding_store").toSql());
		assertThat(this.jdbc.queryForObject("select count(*) from ai.vectorizer", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("select to_regclass('posts_embedding_store') is not null", Boolean.class))
			.isTrue();
		this.jdbc.execute("insert into posts values (5, 'Five', 'five', 0)");
		this.jdbc.execute("drop view posts_embedding");
		this.jdbc.execute("drop table posts_embedding_store");
		int id = CreateVectorizer.source("posts").loadingColumn("content").embeddingOpenAi("m", 3).execute(this.jdbc);
		this.jdbc.execute("select ai.drop_vectorizer(" + id + ", drop_all => true)");
		assertThat(this.jdbc.queryForObject("select to_regclass('posts_embedding_store') is null and "
				+ "to_regclass('posts_embedding') is null and to_regclass('ai._vectorizer_q_" + id + "') is null",
				Boolean.class)).isTrue();
		// as pgai's: an unknown name drops nothing and says nothing
		this.jdbc.execute("select ai.drop_vectorizer('nope')");
	}

	@Test
	void createVectorizerRendersEveryValueAsALiteral() {
		assertThat(CreateVectorizer.source("blog_posts")
			.loadingColumn("content")
			.embeddingOpenAi("text-embedding-3-small", 768)
			.chunkingRecursiveCharacterTextSplitter(50, 10)
			.toSql()).isEqualTo("""
					SELECT ai.create_vectorizer(
					    'blog_posts'::regclass,
					    loading => ai.loading_column('content'),
					    embedding => ai.embedding_openai('text-embedding-3-small', 768),
					    chunking => ai.chunking_recursive_character_text_splitter(50, 10)
					);""");
		assertThat(CreateVectorizer.source("Blog's", "Posts").formattingPythonTemplate("a\\b").toSql())
			.contains("'\"Blog''s\".\"Posts\"'::regclass")
			.contains("ai.formatting_python_template(E'a\\\\b')");
		assertThat(DropVectorizer.named("x'y").dropAll().toSql())
			.isEqualTo("SELECT ai.drop_vectorizer('x''y', drop_all => true);");
	}

	private void assertRejected(String sql, String message) {
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.jdbc.execute(sql))
			.satisfies((ex) -> assertThat(ex.getMostSpecificCause().getMessage()).contains(message));
	}

	private List<Long> queued(String queue) {
		return this.jdbc.queryForList("select id from " + queue + " order by id", Long.class);
	}

	private List<String> columns(String relation) {
		return this.jdbc.queryForList("select attname || ' ' || format_type(atttypid, atttypmod) from pg_attribute "
				+ "where attrelid = ?::regclass and attnum > 0 and not attisdropped order by attnum", String.class,
				relation);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> json(String sql) {
		String text = this.jdbc.queryForObject(sql + "::text", String.class);
		try {
			return new tools.jackson.databind.ObjectMapper().readValue(text, Map.class);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static DataSource dataSource() {
		TestDatabase database = TestDatabase.get();
		return new DriverManagerDataSource(database.url(), database.username(), database.password());
	}

}
