package io.pgai.spring.vectorizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.pgai.spring.test.CatalogQueries;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.PgaiCatalog;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database set up by the previous release (migrations V1-V3, restored from its pg_dump) is
 * upgraded in place to pgai's catalog layout: vectorizers, queues, stores, failed rows and errors
 * stay, and pgai's triggers, worker tracking and pgai-spring's worker work on it.
 */
class UpgradeFromV3IntegrationTests {

	private static final String DATA = """
			select (select string_agg(id || ':' || chunk || ':' || (embedding::real[])[1], ',' order by id)
			        from public.blog_posts_embedding_store) as blog_store,
			       (select string_agg(id::text, ',' order by id) from ai._vectorizer_q_1) as blog_queue,
			       (select string_agg(tenant || n || ':' || chunk, ',') from shop.item_vectors) as item_store,
			       (select string_agg(tenant || n || ':' || failure_step, ',') from ai._vectorizer_q_failed_2) as failed,
			       (select string_agg(id || ':' || message || ':' || details::text, ',') from ai._vectorizer_errors) as errors,
			       (select string_agg(chunk, ',' order by chunk) from public.blog_posts_embedding) as blog_view,
			       (select string_agg(chunk, ',') from shop.item_search) as item_view""";

	private static final String CATALOG = """
			select id, name, source_schema, source_table, source_pk, queue_schema, queue_table, queue_failed_table,
			       disabled, config->'loading' as loading, config->'embedding' as embedding,
			       config->'chunking' as chunking, config->'formatting' as formatting, config->'processing' as processing
			from ai.vectorizer order by id""";

	private TestDatabase database;

	@BeforeEach
	void restoreTheOldRelease() throws IOException, SQLException {
		this.database = TestDatabase.empty("pgai_upgrade");
		String dump = new ClassPathResource("upgrade/pgai-spring-v3.sql").getContentAsString(StandardCharsets.UTF_8);
		try (Connection connection = this.database.open(); Statement statement = connection.createStatement()) {
			statement.execute(dump);
		}
	}

	@Test
	void theInstallerUpgradesAV3DatabaseInPlaceKeepingVectorizersQueuesStoresAndErrors() throws SQLException {
		String dataBefore = CatalogQueries.answer(this.database, DATA);
		String catalogBefore = CatalogQueries.answer(this.database, CATALOG);
		assertThat(dataBefore).contains("1:One: first post:0.25").contains("blog_queue=3").contains("b2:embedding");

		AiSchemaInstaller.Installation installation = installer().install();

		assertThat(installation.outcome()).isEqualTo(AiSchemaInstaller.Installation.Outcome.INSTALLED);
		assertThat(installation.versions()).containsExactly(4);
		assertThat(CatalogQueries.answer(this.database, DATA)).isEqualTo(dataBefore);
		assertThat(CatalogQueries.answer(this.database, CATALOG)).isEqualTo(catalogBefore);
		assertThat(CatalogQueries.answer(this.database, """
				select id, trigger_name, config->>'version' as version, config->'indexing' as indexing,
				       config->'scheduling' as scheduling, config->'destination' as destination
				from ai.vectorizer order by id""")).isEqualTo("""
				[id=1, trigger_name=_vectorizer_src_trg_1, version=0.12.1+pgai-spring.4, \
				indexing={"opclass": "vector_cosine_ops", "min_rows": 100000, "config_type": "indexing", "implementation": "hnsw", "create_when_queue_empty": true}, \
				scheduling={"config_type": "scheduling", "implementation": "none"}, \
				destination={"view_name": "blog_posts_embedding", "config_type": "destination", "view_schema": "public", "target_table": "blog_posts_embedding_store", "target_schema": "public", "implementation": "table"}]
				[id=2, trigger_name=_vectorizer_src_trg_2, version=0.12.1+pgai-spring.4, \
				indexing={"config_type": "indexing", "implementation": "none"}, \
				scheduling={"config_type": "scheduling", "implementation": "none"}, \
				destination={"view_name": "item_search", "config_type": "destination", "view_schema": "shop", "target_table": "item_vectors", "target_schema": "shop", "implementation": "table"}]
				""");
	}

	@Test
	void theUpgradedCatalogHasPgaisLayoutAndTriggers() throws SQLException {
		installer().install();
		TestDatabase pgai = PgaiCatalog.install("pgai_upgrade_reference");
		for (String relation : List.of("ai.vectorizer", "ai._vectorizer_errors", "ai.vectorizer_errors",
				"ai.vectorizer_status", "ai.vectorizer_worker_process", "ai.vectorizer_worker_progress")) {
			assertThat(CatalogQueries.shape(this.database, relation)).as(relation)
				.isEqualTo(CatalogQueries.shape(pgai, relation));
		}
		String triggers = """
				select c.relname, t.tgname, t.tgtype, p.pronamespace::regnamespace as schema, p.proname
				from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
				where not t.tgisinternal order by 1, 2""";
		assertThat(CatalogQueries.answer(this.database, triggers)).isEqualTo("""
				[relname=blog_posts, tgname=_vectorizer_src_trg_1, tgtype=29, schema=ai, proname=_vectorizer_src_trg_1]
				[relname=blog_posts, tgname=_vectorizer_src_trg_1_truncate, tgtype=32, schema=ai, proname=_vectorizer_src_trg_1]
				[relname=items, tgname=_vectorizer_src_trg_2, tgtype=29, schema=ai, proname=_vectorizer_src_trg_2]
				[relname=items, tgname=_vectorizer_src_trg_2_truncate, tgtype=32, schema=ai, proname=_vectorizer_src_trg_2]
				""");
		// pgai's semantics: a delete removes the chunks and queues nothing; a new row is queued
		CatalogQueries.answer(this.database, "delete from blog_posts where id = 1; "
				+ "insert into blog_posts values (4, 'Four', 'fourth post')");
		assertThat(CatalogQueries.answer(this.database, """
				select (select string_agg(id::text, ',' order by id) from blog_posts_embedding_store) as store,
				       (select string_agg(id::text, ',' order by id) from ai._vectorizer_q_1) as queue""")).isEqualTo("""
				[store=2, queue=3,4]
				""");
		assertThat(CatalogQueries.answer(this.database, """
				select ai.create_vectorizer('shop.items'::regclass, name => 'again', loading => ai.loading_column('body'),
				    embedding => ai.embedding_local(), destination => ai.destination_table(destination => 'again'))"""))
			.isEqualTo("[create_vectorizer=3]\n");
	}

	@Test
	void grantsIdsAndAVectorizerThatLostItsSourceSurviveTheUpgrade() throws SQLException {
		CatalogQueries.answer(this.database, """
				do $$ begin if not exists (select from pg_roles where rolname = 'pgai_upgrade_app') then
				    create role pgai_upgrade_app; end if; end $$;
				-- what V1's create_vectorizer granted a grant_to role
				grant usage on schema ai to pgai_upgrade_app;
				grant select on ai.vectorizer, ai._vectorizer_errors, ai.vectorizer_errors to pgai_upgrade_app;
				-- vectorizers 3 and 4 made and dropped since
				select nextval('ai.vectorizer_id_seq'), nextval('ai.vectorizer_id_seq');
				-- a source dropped without drop_vectorizer
				drop table shop.items cascade""");

		assertThat(installer().install().versions()).containsExactly(4);

		assertThat(CatalogQueries.answer(this.database, """
				select has_table_privilege('pgai_upgrade_app', 'ai.vectorizer', 'select') as catalog,
				       has_table_privilege('pgai_upgrade_app', 'ai.vectorizer_errors', 'select') as errors,
				       (select count(*) from ai.vectorizer) as vectorizers""")).isEqualTo("""
				[catalog=t, errors=t, vectorizers=2]
				""");
		assertThat(CatalogQueries.answer(this.database, """
				select ai.create_vectorizer('blog_posts'::regclass, name => 'next', loading => ai.loading_column('title'),
				    embedding => ai.embedding_local(), destination => ai.destination_table(destination => 'next'))"""))
			.isEqualTo("[create_vectorizer=5]\n");
	}

	@Test
	void theWorkerEmbedsWhatAnUpgradedDatabaseHasQueued() {
		JpaContextRunners.withDatabase()
			.withPropertyValues(this.database.datasourceProperties())
			.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.validate-stores=false")
			.run((context) -> {
				assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp("public_blog_posts_embedding_store",
						Duration.ofSeconds(60)))
					.isTrue();
				assertThat(CatalogQueries.answer(this.database, """
						select id, chunk, vector_dims(embedding) as dims, (embedding::real[])[1] in (0.25, 0.5) as kept
						from blog_posts_embedding_store order by id""")).isEqualTo("""
						[id=1, chunk=One: first post, dims=384, kept=t]
						[id=2, chunk=Two: second post, dims=384, kept=t]
						[id=3, chunk=Three: third post, dims=384, kept=f]
						""");
			});
	}

	private AiSchemaInstaller installer() {
		return new AiSchemaInstaller(
				new DriverManagerDataSource(this.database.url(), this.database.username(), this.database.password()));
	}

}
