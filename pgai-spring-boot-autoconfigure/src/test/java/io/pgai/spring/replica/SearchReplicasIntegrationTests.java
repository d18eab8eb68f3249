package io.pgai.spring.replica;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.autoconfigure.PgaiSearchReplicasAutoConfiguration;
import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.StreamingReplica;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Searches on a real hot standby of the test database (scripts/replica.sh). Which server answered
 * is read from the data itself: while the standby's replay is paused, a post the primary has and
 * the standby has not is the nearest one only on the primary.
 */
class SearchReplicasIntegrationTests {

	private static final float[] QUERY = { 0.1f, 0.9f, 0 };

	/** The nearest post on the standby while its replay is paused. */
	private static final long NORTH = 1;

	/** The nearest post on the primary once it is inserted: exactly the query. */
	private static final long EXACT = 3;

	private ApplicationContextRunner runner;

	@BeforeEach
	void posts() throws Exception {
		StreamingReplica.onPrimary("drop table if exists blog_posts_embedding_store",
				"drop table if exists blog_posts cascade",
				"create table blog_posts (id bigserial primary key, title text not null, content text not null)",
				"""
						create table blog_posts_embedding_store (
						    embedding_uuid uuid not null primary key default gen_random_uuid(),
						    id bigint not null references blog_posts (id) on delete cascade,
						    chunk_seq int not null, chunk text not null, embedding vector(3) not null,
						    unique (id, chunk_seq))""",
				"insert into blog_posts values (1, 'North', 'n'), (2, 'East', 'e')",
				"insert into blog_posts_embedding_store (id, chunk_seq, chunk, embedding) "
						+ "values (1, 0, 'north', '[0,1,0]'), (2, 0, 'east', '[1,0,0]')");
		StreamingReplica.awaitCaughtUp();
		this.runner = JpaContextRunners.withDatabase()
			.withConfiguration(AutoConfigurations.of(PgaiSearchReplicasAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + StreamingReplica.primaryUrl(),
					"pgai.search.replicas=" + StreamingReplica.replicaUrl(), "pgai.search.replica-check-interval=50ms",
					"pgai.search.read-your-writes-timeout=300ms")
			.withUserConfiguration(BlogConfiguration.class);
	}

	@AfterEach
	void replicaAsItWas() throws Exception {
		StreamingReplica.thaw();
		try {
			StreamingReplica.resumeReplay();
		}
		catch (java.sql.SQLException | IllegalStateException stopped) {
			// a test stopped it; a restart leaves no pause behind
			StreamingReplica.start();
		}
		StreamingReplica.onPrimary("drop table if exists blog_posts_embedding_store",
				"drop table if exists blog_posts cascade");
	}

	@Test
	void searchesOutsideReadWriteTransactionsReadTheReplicaAndThoseInsideThePrimary() {
		this.runner.withPropertyValues("pgai.search.max-replica-lag=1h").run((context) -> {
			assertThat(context).hasNotFailed();
			EmbeddingRepository<BlogPost> posts = posts(context);
			assertThat(nearest(posts)).isEqualTo(NORTH);
			StreamingReplica.pauseReplay();
			insertExactPost();

			assertThat(nearest(posts)).as("no transaction: the replica").isEqualTo(NORTH);
			assertThat(nearestParent(posts)).as("nearest parents, no transaction: the replica").isEqualTo(NORTH);
			TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			Long inReadWrite = transactions.execute((status) -> nearest(posts));
			assertThat(inReadWrite).as("read-write transaction: the primary").isEqualTo(EXACT);
			Long parentInReadWrite = transactions.execute((status) -> nearestParent(posts));
			assertThat(parentInReadWrite).as("nearest parents, read-write transaction: the primary").isEqualTo(EXACT);
			transactions.setReadOnly(true);
			String inReadOnly = transactions.execute((status) -> {
				List<Embedding<BlogPost>> found = posts.findNearest(QUERY, 1);
				// the transaction's replica session is open: the lazy parent loads
				return found.get(0).getParent().getTitle() + " " + nearest(posts) + " " + nearestParent(posts);
			});
			assertThat(inReadOnly).as("read-only transaction: the replica").isEqualTo("North " + NORTH + " " + NORTH);
			assertThat(context.getBean(SearchReplicas.class).status()).singleElement()
				.satisfies((status) -> assertThat(status.state()).isEqualTo(ReplicaState.AVAILABLE));
		});
	}

	@Test
	void searchesOfARequestWhoseEntityManagerOpenInViewBoundReadTheReplicaForTheRequestsLength() {
		this.runner.withPropertyValues("pgai.search.max-replica-lag=1h").run((context) -> {
			EmbeddingRepository<BlogPost> posts = posts(context);
			EntityManagerFactory entityManagerFactory = context.getBean(EntityManagerFactory.class);
			StreamingReplica.pauseReplay();
			insertExactPost();
			// more requests than the replica pool has connections: each request's session gives its back
			for (int request = 0; request < 15; request++) {
				EntityManager entityManager = entityManagerFactory.createEntityManager();
				// what OpenEntityManagerInViewInterceptor does around a request
				TransactionSynchronizationManager.bindResource(entityManagerFactory,
						new EntityManagerHolder(entityManager));
				try {
					Embedding<BlogPost> nearest = posts.findNearest(QUERY, 1).get(0);
					assertThat(nearest.getParentId()).as("request %d: the replica", request).isEqualTo(NORTH);
					assertThat(nearest.getParent().getTitle()).as("its lazy parent, later in the request")
						.isEqualTo("North");
				}
				finally {
					TransactionSynchronizationManager.unbindResource(entityManagerFactory);
					entityManager.close();
				}
			}
			assertThat(context.getBean(SearchReplicas.class).primaryReads()).isZero();
		});
	}

	@Test
	void aReplicaGoneInTheMiddleOfAReadOnlyTransactionLeavesItsSearchesToThePrimary() {
		this.runner.withPropertyValues("pgai.search.max-replica-lag=1h").run((context) -> {
			EmbeddingRepository<BlogPost> posts = posts(context);
			SearchReplicas replicas = context.getBean(SearchReplicas.class);
			StreamingReplica.pauseReplay();
			insertExactPost();
			TransactionTemplate readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			readOnly.setReadOnly(true);
			String found = readOnly.execute((status) -> {
				long before = nearest(posts);
				// the transaction's replica session is open, its connection held, when the standby stops
				try {
					StreamingReplica.stop();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return before + " " + nearest(posts) + " " + nearest(posts);
			});
			assertThat(found).isEqualTo(NORTH + " " + EXACT + " " + EXACT);
			assertThat(state(replicas)).isEqualTo(ReplicaState.UNREACHABLE);
		});
	}

	@Test
	void readingYourWritesInARequestWhoseReplicaSessionIsOpenWaitsForItsReplicaElseReadsThePrimary() {
		this.runner.withPropertyValues("pgai.search.max-replica-lag=1h").run((context) -> {
			EmbeddingRepository<BlogPost> posts = posts(context);
			SearchReplicas replicas = context.getBean(SearchReplicas.class);
			EntityManagerFactory entityManagerFactory = context.getBean(EntityManagerFactory.class);
			EntityManager entityManager = entityManagerFactory.createEntityManager();
			TransactionSynchronizationManager.bindResource(entityManagerFactory, new EntityManagerHolder(entityManager));
			try {
				assertThat(nearest(posts)).isEqualTo(NORTH);
				StreamingReplica.pauseReplay();
				insertExactPost();
				long primaryReads = replicas.primaryReads();
				assertThat(replicas.readingYourWrites(() -> nearest(posts))).as("the write, from the primary")
					.isEqualTo(EXACT);
				assertThat(replicas.primaryReads()).isEqualTo(primaryReads + 1);
				assertThat(nearest(posts)).as("the request's replica session, still open").isEqualTo(NORTH);
			}
			finally {
				TransactionSynchronizationManager.unbindResource(entityManagerFactory);
				entityManager.close();
			}
		});
	}

	@Test
	void aReplicaFurtherBehindThanTheLimitIsSkippedUntilItCatchesUp() {
		this.runner.withPropertyValues("pgai.search.max-replica-lag=300ms").run((context) -> {
			EmbeddingRepository<BlogPost> posts = posts(context);
			SearchReplicas replicas = context.getBean(SearchReplicas.class);
			assertThat(nearest(posts)).isEqualTo(NORTH);
			StreamingReplica.pauseReplay();
			insertExactPost();
			await().atMost(Duration.ofSeconds(10)).until(() -> state(replicas) == ReplicaState.LAGGING);
			assertThat(replicas.status().get(0).lag()).isGreaterThan(Duration.ofMillis(300));
			long primaryReads = replicas.primaryReads();
			assertThat(nearest(posts)).as("the lagging replica is skipped").isEqualTo(EXACT);
			assertThat(replicas.primaryReads()).isEqualTo(primaryReads + 1);

			StreamingReplica.resumeReplay();
			await().atMost(Duration.ofSeconds(10)).until(() -> state(replicas) == ReplicaState.AVAILABLE);
			long replicaReads = replicas.status().get(0).reads();
			assertThat(nearest(posts)).isEqualTo(EXACT);
			assertThat(replicas.status().get(0).reads()).as("read from the replica again").isEqualTo(replicaReads + 1);
		});
	}

	@Test
	void stoppingTheStandbyUnderLoadFailsNoSearchAndStartingItBringsTheSearchesBack() {
		this.runner.withPropertyValues("pgai.search.max-replica-lag=1h").run((context) -> {
			EmbeddingRepository<BlogPost> posts = posts(context);
			SearchReplicas replicas = context.getBean(SearchReplicas.class);
			SearchLoad load = new SearchLoad(posts);
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> replicas.status().get(0).reads() > 200);
				// the load is on the standby, through sessions of the replica pool, when it stops
				assertThat(Long.parseLong(StreamingReplica.query(StreamingReplica.replicaUrl(),
						"select count(*) from pg_stat_activity where application_name = 'pgai-search-replica-1'")))
					.isPositive();
				long primaryReads = replicas.primaryReads();
				StreamingReplica.stop();
				await().atMost(Duration.ofSeconds(10)).until(() -> replicas.primaryReads() > primaryReads + 200);
				assertThat(state(replicas)).isEqualTo(ReplicaState.UNREACHABLE);
			}
			finally {
				assertThat(load.stop()).isTrue();
			}
			assertThat(load.failures).isEmpty();

			StreamingReplica.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> state(replicas) == ReplicaState.AVAILABLE);
			long replicaReads = replicas.status().get(0).reads();
			assertThat(nearest(posts)).isEqualTo(NORTH);
			assertThat(replicas.status().get(0).reads()).isEqualTo(replicaReads + 1);
		});
	}

	@Test
	void aStandbyThatStopsAnsweringUnderLoadFailsNoSearchHoldsNoneAndIsSkippedUntilItAnswersAgain() {
		this.runner.withPropertyValues("pgai.search.max-replica-lag=1h", "pgai.search.replica-timeout=1s")
			.run((context) -> {
				EmbeddingRepository<BlogPost> posts = posts(context);
				SearchReplicas replicas = context.getBean(SearchReplicas.class);
				String standby = StreamingReplica.replicaUrl();
				SearchLoad load = new SearchLoad(posts);
				try {
					await().atMost(Duration.ofSeconds(10)).until(() -> replicas.status().get(0).reads() > 200);
					// the load is on the standby, through sessions of the replica pool, when it freezes
					assertThat(Long.parseLong(StreamingReplica.query(standby,
							"select count(*) from pg_stat_activity where application_name = 'pgai-search-replica-1'")))
						.isPositive();
					long primaryReads = replicas.primaryReads();
					StreamingReplica.freeze();
					// the fault holds: the standby takes connections and answers nothing on them
					assertThatExceptionOfType(SQLException.class)
						.isThrownBy(() -> StreamingReplica.query(
								standby + (standby.contains("?") ? "&" : "?") + "socketTimeout=1", "select 1"));
					await().atMost(Duration.ofSeconds(30)).until(() -> replicas.primaryReads() > primaryReads + 200);
					assertThat(replicas.status()).singleElement().satisfies((status) -> {
						assertThat(status.state()).isEqualTo(ReplicaState.UNREACHABLE);
						assertThat(status.detail()).containsIgnoringCase("timed out");
					});
				}
				finally {
					// without a bound on reads, a search on a frozen connection waits as long as TCP does
					assertThat(load.stop()).as("no search is held by the frozen standby").isTrue();
					StreamingReplica.thaw();
				}
				assertThat(load.failures).isEmpty();

				await().atMost(Duration.ofSeconds(30)).until(() -> state(replicas) == ReplicaState.AVAILABLE);
				long replicaReads = replicas.status().get(0).reads();
				assertThat(nearest(posts)).isEqualTo(NORTH);
				assertThat(replicas.status().get(0).reads()).isEqualTo(replicaReads + 1);
			});
	}

	@Test
	void readingYourWritesWaitsForTheReplicaToReplayThemElseReadsThePrimary() {
		this.runner.withPropertyValues("pgai.search.max-replica-lag=1h").run((context) -> {
			EmbeddingRepository<BlogPost> posts = posts(context);
			SearchReplicas replicas = context.getBean(SearchReplicas.class);
			assertThat(nearest(posts)).isEqualTo(NORTH);

			// replaying: the search waits until the replica has the write, and reads it there
			long replicaReads = replicas.status().get(0).reads();
			long primaryReads = replicas.primaryReads();
			insertExactPost();
			// tag::read-your-writes[]
			List<Embedding<BlogPost>> hits = replicas.readingYourWrites(() -> posts.findNearest(QUERY, 1));
			// end::read-your-writes[]
			assertThat(hits.get(0).getParentId()).isEqualTo(EXACT);
			assertThat(replicas.status().get(0).reads()).isEqualTo(replicaReads + 1);
			assertThat(replicas.primaryReads()).isEqualTo(primaryReads);

			// paused: the replica never gets it within the wait, so the primary answers
			StreamingReplica.pauseReplay();
			StreamingReplica.onPrimary("delete from blog_posts where id = 3");
			assertThat(replicas.readingYourWrites(() -> nearest(posts))).isEqualTo(NORTH);
			assertThat(replicas.primaryReads()).isEqualTo(primaryReads + 1);
			assertThat(nearest(posts)).as("without it, the paused replica").isEqualTo(EXACT);
		});
	}

	private static void insertExactPost() throws Exception {
		StreamingReplica.onPrimary("insert into blog_posts values (3, 'Exact', 'x')",
				"insert into blog_posts_embedding_store (id, chunk_seq, chunk, embedding) values (3, 0, 'exact', '[0.1,0.9,0]')");
	}

	private static long nearest(EmbeddingRepository<BlogPost> posts) {
		return ((Number) posts.findNearest(QUERY, 1).get(0).getParentId()).longValue();
	}

	/** Four threads searching until stopped, each search expecting the standby's answer. */
	private static final class SearchLoad {

		final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService threads = Executors.newFixedThreadPool(4);

		SearchLoad(EmbeddingRepository<BlogPost> posts) {
			for (int i = 0; i < 4; i++) {
				this.threads.execute(() -> {
					while (this.running.get()) {
						try {
							assertThat(nearest(posts)).isEqualTo(NORTH);
						}
						catch (Throwable ex) {
							this.failures.add(ex);
						}
					}
				});
			}
		}

		/** Stops the searches: whether every thread has returned within a minute. */
		boolean stop() throws InterruptedException {
			this.running.set(false);
			this.threads.shutdown();
			return this.threads.awaitTermination(60, TimeUnit.SECONDS);
		}

	}

	/** The nearest parent, which this store (no vector index) finds by a scan ranking each post's chunks. */
	private static long nearestParent(EmbeddingRepository<BlogPost> posts) {
		return posts.findNearestParents(QUERY, 1).get(0).parent().getId();
	}

	private static ReplicaState state(SearchReplicas replicas) {
		return replicas.status().get(0).state();
	}

	@SuppressWarnings("unchecked")
	private static EmbeddingRepository<BlogPost> posts(AssertableApplicationContext context) {
		return (EmbeddingRepository<BlogPost>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, BlogPost.class))
			.getObject();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	static class BlogConfiguration {

	}

}
