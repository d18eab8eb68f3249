package io.pgai.spring.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.test.WorkerSessions;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's connections: a pool of its own by default, made from the application's pool
 * settings, or the {@code @VectorizerDataSource} an application declares, or the application's
 * {@code DataSource} where there is no Hikari to make a pool with.
 */
class VectorizerDataSourceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final JdbcTemplate jdbc = Jdbc.template();

	private FakeEmbeddingApi api;

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
				"TEST_OPENAI_KEY=sk-test");

	@BeforeEach
	void createSource() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		Sql.freshAiSchema();
		this.jdbc.execute("drop table if exists pool_docs, pool_docs_embedding_store cascade");
		this.jdbc.execute("create table pool_docs (id bigint primary key, body text)");
		this.jdbc.execute("insert into pool_docs select g, 'Document ' || g from generate_series(1, 20) g");
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void theWorkerGetsAPoolOfItsOwnWithTheApplicationsSettingsThatGrowsWithItsVectorizers() {
		vectorizer().processing(5, 4).execute(this.jdbc);
		this.runner.withPropertyValues("spring.datasource.hikari.connection-init-sql=set work_mem = '7MB'")
			.run((context) -> {
				assertThat(context.getBean(VectorizerWorkerPool.class).isOwned()).isTrue();
				HikariDataSource pool = (HikariDataSource) context.getBean(VectorizerWorkerPool.class).getDataSource();
				HikariDataSource application = (HikariDataSource) context.getBean(DataSource.class);
				assertThat(pool).isNotSameAs(application);
				assertThat(pool.getPoolName()).isEqualTo("pgai-vectorizer");
				assertThat(pool.getConnectionInitSql()).isEqualTo("set work_mem = '7MB'");
				assertThat(pool.getJdbcUrl()).isEqualTo(application.getJdbcUrl());
				Waiter.until("the backfill", WAIT, () -> queued() == 0);
				// Four batches in flight, a catalog reader and an index builder.
				assertThat(pool.getMaximumPoolSize()).isEqualTo(4 + VectorizerWorker.EXTRA_CONNECTIONS);
				assertThat(sessionsOf(WorkerSessions.APPLICATION_NAME)).isPositive();
			});
	}

	@Test
	void aVectorizerDataSourceOfTheApplicationIsUsedInstead() {
		vectorizer().execute(this.jdbc);
		this.runner.withUserConfiguration(OwnWorkerPool.class).run((context) -> {
			assertThat(context.getBean(VectorizerWorkerPool.class).getDataSource())
				.isSameAs(context.getBean("ownWorkerPool"));
			assertThat(context.getBean(VectorizerWorkerPool.class).isOwned()).isFalse();
			Waiter.until("the backfill", WAIT, () -> queued() == 0);
			assertThat(sessionsOf("own-worker-pool")).isPositive();
			assertThat(sessionsOf(WorkerSessions.APPLICATION_NAME)).isZero();
		});
	}

	@Test
	void theWorkersLoginAndPoolSizeCanBeSetApart() {
		this.jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = 'pgai_worker') then "
				+ "create role pgai_worker login password 'worker-secret'; end if; end $$");
		vectorizer().grantTo("pgai_worker").processing(5, 4).execute(this.jdbc);
		// pgai's grant_to covers reading and queueing; a worker also replaces chunks and records failures
		this.jdbc.execute("grant delete on pool_docs_embedding_store to pgai_worker; "
				+ "grant insert on ai._vectorizer_errors to pgai_worker");
		// A user in the URL would win over the property.
		String url = TestDatabase.get().url().replaceAll("([?&])user=[^&]*&?", "$1");
		this.runner
			.withPropertyValues("pgai.vectorizer.worker.datasource.url=" + url,
					"pgai.vectorizer.worker.datasource.username=pgai_worker",
					"pgai.vectorizer.worker.datasource.password=worker-secret",
					"pgai.vectorizer.worker.datasource.maximum-pool-size=2")
			.run((context) -> {
				Waiter.until("the backfill", WAIT, () -> queued() == 0);
				HikariDataSource pool = (HikariDataSource) context.getBean(VectorizerWorkerPool.class).getDataSource();
				assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
				assertThat(this.jdbc.queryForList("select distinct usename from pg_stat_activity "
						+ "where application_name = ?", String.class, WorkerSessions.APPLICATION_NAME))
					.containsExactly("pgai_worker");
			});
	}

	@Test
	void withoutHikariTheWorkerUsesTheApplicationsDataSource() {
		vectorizer().execute(this.jdbc);
		this.runner.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.withUserConfiguration(PlainDataSource.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(VectorizerWorker.class);
				assertThat(context.getBean(VectorizerWorkerPool.class).getDataSource())
					.isSameAs(context.getBean(DataSource.class));
				Waiter.until("the backfill", WAIT, () -> queued() == 0);
			});
	}

	@Test
	void noPoolIsMadeWhenTheWorkerIsOff() {
		this.runner.withPropertyValues("pgai.vectorizer.worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(VectorizerWorkerPool.class)
				.doesNotHaveBean(VectorizerWorker.class));
	}

	private CreateVectorizer vectorizer() {
		return CreateVectorizer.source("pool_docs")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingNone();
	}

	private long sessionsOf(String applicationName) {
		return this.jdbc.queryForObject("select count(*) from pg_stat_activity where application_name = ?",
				Long.class, applicationName);
	}

	private long queued() {
		return this.jdbc.queryForObject("select coalesce(sum(ai.vectorizer_queue_pending(id, true)), 0) "
				+ "from ai.vectorizer", Long.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnWorkerPool {

		@Bean(defaultCandidate = false)
		@VectorizerDataSource
		HikariDataSource ownWorkerPool() {
			TestDatabase database = TestDatabase.get();
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl(database.url());
			pool.setUsername(database.username());
			pool.setPassword(database.password());
			pool.setPoolName("own-worker-pool");
			pool.addDataSourceProperty("ApplicationName", "own-worker-pool");
			return pool;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainDataSource {

		@Bean
		DataSource dataSource() throws Exception {
			TestDatabase database = TestDatabase.get();
			return new SimpleDriverDataSource(new org.postgresql.Driver(), database.url(), database.username(),
					database.password());
		}

	}

}
