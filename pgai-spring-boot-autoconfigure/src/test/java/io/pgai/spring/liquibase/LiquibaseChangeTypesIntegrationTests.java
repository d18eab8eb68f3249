package io.pgai.spring.liquibase;

import java.util.List;
import java.util.Map;

import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.IndexQuantization;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.pgai.spring.test.CatalogQueries.column;
import static io.pgai.spring.liquibase.LiquibaseCommands.freshWithCatalog;
import static io.pgai.spring.liquibase.LiquibaseCommands.onChangelog;
import static io.pgai.spring.liquibase.LiquibaseCommands.sql;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.CHUNKING_RECURSIVE_CHARACTER_TEXT_SPLITTER;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.DESTINATION_COLUMN;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.DESTINATION_TABLE;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.EMBEDDING_LITELLM;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.EMBEDDING_OLLAMA;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.EMBEDDING_OPENAI;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.EMBEDDING_SENTENCE_TRANSFORMERS;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.EMBEDDING_VOYAGEAI;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.FORMATTING_PYTHON_TEMPLATE;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.INDEXING_DEFAULT;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.INDEXING_DISKANN;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.INDEXING_HNSW;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.LOADING_URI;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.PARSING_AUTO;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.PARSING_DOCLING;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.PARSING_NONE;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.PARSING_PYMUPDF;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.SCHEDULING_DEFAULT;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.SCHEDULING_NONE;
import static io.pgai.spring.vectorizer.VectorizerConfigFunction.SCHEDULING_TIMESCALEDB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code createVectorizer} and {@code dropVectorizer} through Liquibase's own commands, against a
 * real PostgreSQL with pgai-spring's catalog: {@code updateSql} prints exactly what
 * {@link CreateVectorizer} builds, {@code update} makes what that call makes, rollbacks drop what
 * was made, and {@code validate} names each mistaken attribute.
 */
class LiquibaseChangeTypesIntegrationTests {

	private static final Map<String, String> BLOG_PARAMETERS = Map.of("openaiBaseUrl", "http://127.0.0.1:9/v1");

	/** The relations of the public and ai schemas, to compare a database with its earlier self. */
	private static final String RELATIONS = """
			select n.nspname || '.' || c.relname || ' ' || c.relkind::text from pg_class c
			join pg_namespace n on n.oid = c.relnamespace
			where n.nspname in ('public', 'ai') and c.relkind in ('r', 'v', 'i', 'S')
			  and c.relname not like 'databasechangelog%' order by 1""";

	private static final String VECTORIZERS = "select to_jsonb(v) - 'id' - 'queue_table' - 'queue_failed_table' "
			+ "- 'trigger_name' from ai.vectorizer v order by name";

	@BeforeAll
	static void roles() throws Exception {
		LiquibaseCommands.createRoles(TestDatabase.get());
	}

	@Test
	void updateSqlPrintsTheCallsCreateVectorizerBuildsForEveryOptionAndRunsNone() throws Exception {
		TestDatabase database = freshWithCatalog("liquibase_update_sql");
		String printed = onChangelog("updateSql", database, "every-option.xml", Map.of())
				+ onChangelog("updateSql", database, "every-other-option.yaml", Map.of());

		for (CreateVectorizer call : List.of(articleBodies(), noteDocuments(), articlePieces(), articleTitles(),
				articleLocal(), articleSentenceTransformers())) {
			assertThat(printed).contains(call.toSql());
		}
		assertThat(printed.split("ai\\.create_vectorizer\\(", -1)).hasSize(7);
		assertThat(column(database, "select count(*) from ai.vectorizer")).containsExactly("0");
		assertThat(column(database, "select to_regclass('articles')::text")).containsOnlyNulls();
	}

	@Test
	void updateMakesTheVectorizersTheirCreateVectorizerCallsMake() throws Exception {
		TestDatabase byLiquibase = freshWithCatalog("liquibase_update");
		onChangelog("update", byLiquibase, "every-option.xml", Map.of());

		TestDatabase byCalls = freshWithCatalog("liquibase_update_calls");
		sql(byCalls, "create table articles (id bigint primary key, title text not null, body text not null)",
				"create table notes (id bigint primary key, url text not null)", articleBodies().toSql(),
				noteDocuments().toSql());

		assertThat(column(byLiquibase, VECTORIZERS)).hasSize(2).isEqualTo(column(byCalls, VECTORIZERS));
		assertThat(column(byLiquibase, RELATIONS)).contains("public.article_chunks r", "public.article_search v",
				"public.article_queue r").isEqualTo(column(byCalls, RELATIONS));
		assertThat(column(byLiquibase, "select format_type(atttypid, atttypmod) from pg_attribute "
				+ "where attrelid = 'notes'::regclass and attname = 'url_vector'")).containsExactly("vector(1024)");
	}

	@Test
	void rollingBackACreateVectorizerDropsItsVectorizerStoreViewAndQueues() throws Exception {
		TestDatabase database = freshWithCatalog("liquibase_rollback");
		List<String> before = column(database, RELATIONS);

		// blog.xml names no vectorizer: the rollback finds pgai's default name from the source's schema
		onChangelog("update", database, "blog.xml", BLOG_PARAMETERS);
		assertThat(column(database, "select name from ai.vectorizer")).containsExactly("public_blog_posts_embedding_store");
		assertThat(column(database, RELATIONS)).contains("public.blog_posts_embedding_store r",
				"public.blog_posts_embedding v", "ai._vectorizer_q_1 r", "ai._vectorizer_q_failed_1 r");
		onChangelog("rollbackCount", database, "blog.xml", BLOG_PARAMETERS, "count", 1);
		assertThat(column(database, "select count(*) from ai.vectorizer")).containsExactly("0");
		assertThat(column(database, RELATIONS)).contains("public.blog_posts r")
			.noneMatch((relation) -> relation.contains("embedding") || relation.contains("_vectorizer_q"));
		onChangelog("rollbackCount", database, "blog.xml", BLOG_PARAMETERS, "count", 1);
		assertThat(column(database, RELATIONS)).isEqualTo(before);

		// named vectorizers, a store and a view of other names and a column destination, back to the very start
		onChangelog("update", database, "every-option.xml", Map.of());
		assertThat(column(database, "select name from ai.vectorizer order by name")).containsExactly("article_bodies",
				"public_notes_url_vector");
		onChangelog("rollbackCount", database, "every-option.xml", Map.of(), "count", 3);
		assertThat(column(database, "select count(*) from ai.vectorizer")).containsExactly("0");
		assertThat(column(database, RELATIONS)).isEqualTo(before);
	}

	@Test
	void rollingBackAColumnDestinationKeepsItsColumnAndAVectorizerAlreadyGoneFailsTheRollback() throws Exception {
		TestDatabase database = freshWithCatalog("liquibase_rollback_column");
		onChangelog("update", database, "every-option.xml", Map.of());
		onChangelog("rollbackCount", database, "every-option.xml", Map.of(), "count", 1);
		assertThat(column(database, "select name from ai.vectorizer")).containsExactly("article_bodies");
		// pgai never drops a column destination's column: it may have held the application's data before
		assertThat(column(database, "select count(*) from pg_attribute where attrelid = 'notes'::regclass "
				+ "and attname = 'url_vector' and not attisdropped")).containsExactly("1");

		sql(database, "select ai.drop_vectorizer('article_bodies', drop_all => true)");
		assertThatException()
			.isThrownBy(() -> onChangelog("rollbackCount", database, "every-option.xml", Map.of(), "count", 1))
			.withMessageContaining("no vectorizer named article_bodies to drop");
	}

	@Test
	void checksumsFollowWhatTheChangeMeansNotHowItIsWritten() throws Exception {
		assertThat(checksum("blog.xml", "blog-posts-vectorizer")).as("XML and YAML of one change")
			.isEqualTo(checksum("blog.yaml", "blog-posts-vectorizer"))
			.isEqualTo(checksum("blog.json", "blog-posts-vectorizer"));
		assertThat(checksum("every-option.xml", "note-documents")).as("one of three elements alike left out")
			.isNotEqualTo(checksum("checksums.xml", "without-scheduling"));
		assertThat(checksum("checksums.xml", "indexing-default")).as("two elements' implementations swapped")
			.isNotEqualTo(checksum("checksums.xml", "scheduling-default"));
	}

	private static String checksum(String changelog, String changeSet) throws Exception {
		ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(
				LiquibaseChangeTypesIntegrationTests.class.getClassLoader());
		return Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resources), () -> {
			DatabaseChangeLog parsed = ChangeLogParserFactory.getInstance()
				.getParser(LiquibaseCommands.CHANGELOGS + changelog, resources)
				.parse(LiquibaseCommands.CHANGELOGS + changelog, new ChangeLogParameters(), resources);
			ChangeSet found = parsed.getChangeSets().stream().filter((c) -> c.getId().equals(changeSet)).findFirst().orElseThrow();
			return found.getChanges().get(0).generateCheckSum().toString();
		});
	}

	@Test
	void rollbackSqlPrintsTheDropOfTheDefaultName() throws Exception {
		TestDatabase database = freshWithCatalog("liquibase_rollback_sql");
		onChangelog("update", database, "blog.xml", BLOG_PARAMETERS);
		String printed = onChangelog("rollbackCountSql", database, "blog.xml", BLOG_PARAMETERS, "count", 1);
		assertThat(printed).contains("""
				    _name name := (SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n \
				ON n.oid = c.relnamespace WHERE c.oid = 'blog_posts'::regclass) || '_blog_posts_embedding_store';""",
				"PERFORM ai.drop_vectorizer(_id, drop_all => true);");
		assertThat(column(database, "select name from ai.vectorizer")).containsExactly("public_blog_posts_embedding_store");
	}

	@Test
	void validateNamesTheAttributeAndTheFixOfEachMistake() throws Exception {
		TestDatabase database = freshWithCatalog("liquibase_validate");
		assertThatException().isThrownBy(() -> onChangelog("validate", database, "invalid.xml", Map.of()))
			.withMessageContainingAll("embedding.dimensions is required by ai.embedding_openai; add it.",
					"embedding.implementation: 'opnai' is not one of pgai's; use one of openai, ollama, voyageai, "
							+ "litellm, sentence_transformers, local.",
					"chunking.chunkOverlap: 400 (pgai's default) must be at least 0 and less than chunking.chunkSize, "
							+ "300; lower chunkOverlap or raise chunkSize.",
					"chunking.chunkSize: 'big' is not an integer.",
					"loading is required: add a loading element",
					"indexing.quantization: only pgai-spring's HNSW indexes are quantized; set implementation hnsw or "
							+ "remove quantization.");
		assertThatException().isThrownBy(() -> onChangelog("validate", database, "invalid.yaml", Map.of()))
			.withMessageContainingAll("source: createVectorizer has no such attribute",
					"tableName is required",
					"embedding.dimension: ai.embedding_openai has no such parameter; it takes model, dimensions, "
							+ "chatUser, apiKeyName, baseUrl.",
					"embedding.dimensions is required by ai.embedding_openai; add it.",
					"indexing.quantization: 'quarter' is not one of none, halfvec, binary.",
					"processing.batchSize: 'many' is not an integer.",
					"name is required for dropVectorizer",
					"name: 'Blog-Posts' is not a vectorizer name",
					"enqueueExisting: 'maybe' is not true or false.",
					"embedding.baseUrl: '${undefinedUrl}' holds a changelog parameter Liquibase did not replace",
					"chunking.chunk_size: ai.chunking_character_text_splitter has no such parameter",
					"indexing.textSearch: ai.create_vectorizer replaces ai.indexing_default()",
					"scheduling.initialStart: '",
					"is not a timestamp with its zone, in quotes");
		// in XML the schema refuses what an element does not have before Liquibase's validation runs
		assertThatException().isThrownBy(() -> onChangelog("validate", database, "misspelt.xml", Map.of()))
			.withMessageContainingAll("misspelt.xml", "'dimension'", "pgai:embedding");
		assertThat(column(database, "select count(*) from ai.vectorizer")).containsExactly("0");
	}

	private static CreateVectorizer articleBodies() {
		return CreateVectorizer.source("public", "articles")
			.name("article_bodies")
			.config(DESTINATION_TABLE, Map.of("target_schema", "public", "target_table", "article_chunks", "view_schema",
					"public", "view_name", "article_search"))
			.loadingColumn("body", 3)
			.config(PARSING_NONE, Map.of())
			.config(EMBEDDING_OLLAMA, Map.of("model", "nomic-embed-text", "dimensions", 768, "base_url",
					"http://127.0.0.1:11434", "options", "{\"num_ctx\": 2048}", "keep_alive", "5m"))
			.chunkingRecursiveCharacterTextSplitter(300, 30, List.of("\n\n", "\n", ". ", " "), false)
			.config(INDEXING_HNSW, Map.of("min_rows", 1000, "opclass", "vector_ip_ops", "m", 16, "ef_construction", 64,
					"create_when_queue_empty", false))
			.indexQuantization(IndexQuantization.HALFVEC)
			.textSearchIndex("english")
			.formattingPythonTemplate("$title: $chunk")
			.config(SCHEDULING_DEFAULT, Map.of())
			.processing(20, 2)
			.queueSchema("public")
			.queueTable("article_queue")
			.grantTo("pgai_liquibase_reader", "pgai_liquibase_writer")
			.enqueueExisting(false)
			.ifNotExists();
	}

	private static CreateVectorizer noteDocuments() {
		return CreateVectorizer.source("notes")
			.config(DESTINATION_COLUMN, Map.of("embedding_column", "url_vector"))
			.config(LOADING_URI, Map.of("column_name", "url", "retries", 2, "aws_role_arn",
					"arn:aws:iam::123456789012:role/reader"))
			.config(PARSING_AUTO, Map.of())
			.config(EMBEDDING_VOYAGEAI, Map.of("model", "voyage-3", "dimensions", 1024, "input_type", "document",
					"api_key_name", "TEST_VOYAGE_KEY"))
			.chunkingNone()
			.indexingNone()
			.config(SCHEDULING_NONE, Map.of());
	}

	private static CreateVectorizer articlePieces() {
		return CreateVectorizer.source("articles")
			.destination("article_pieces")
			.loadingColumn("body")
			.config(PARSING_PYMUPDF, Map.of())
			.config(EMBEDDING_LITELLM, Map.of("model", "cohere/embed-english-v3.0", "dimensions", 1024, "api_key_name",
					"COHERE_API_KEY", "extra_options", "{\"input_type\":\"search_document\"}"))
			.chunkingCharacterTextSplitter(500, 0, "\n\n", false)
			.config(INDEXING_DISKANN, Map.of("min_rows", 50000, "storage_layout", "memory_optimized", "num_neighbors", 50,
					"search_list_size", 100, "max_alpha", 1.2, "num_dimensions", 1024, "num_bits_per_dimension", 2,
					"create_when_queue_empty", true))
			.config(FORMATTING_PYTHON_TEMPLATE, Map.of())
			.config(SCHEDULING_TIMESCALEDB, Map.of("schedule_interval", "10 minutes", "initial_start",
					"2026-01-01T00:00:00Z", "fixed_schedule", true, "timezone", "Europe/Paris"))
			.grantTo("pgai_liquibase_reader");
	}

	private static CreateVectorizer articleTitles() {
		return CreateVectorizer.source("articles")
			.name("article_titles")
			.loadingColumn("title")
			.config(PARSING_DOCLING, Map.of())
			.config(EMBEDDING_OPENAI, Map.of("model", "text-embedding-3-large", "dimensions", 256, "chat_user", "blog",
					"api_key_name", "KEY", "base_url", "http://127.0.0.1:1/v1"))
			.config(CHUNKING_RECURSIVE_CHARACTER_TEXT_SPLITTER, Map.of("separators", List.of("\n")))
			.config(INDEXING_DEFAULT, Map.of());
	}

	private static CreateVectorizer articleLocal() {
		return CreateVectorizer.source("articles")
			.name("article_local")
			.loadingColumn("title")
			.embeddingLocal("all-MiniLM-L6-v2", 384);
	}

	private static CreateVectorizer articleSentenceTransformers() {
		return CreateVectorizer.source("articles")
			.name("article_st")
			.loadingColumn("title")
			.config(EMBEDDING_SENTENCE_TRANSFORMERS, Map.of("model", "nomic-ai/nomic-embed-text-v1.5", "dimensions", 768))
			.indexingNone();
	}

}
