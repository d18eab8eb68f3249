package io.pgai.spring.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pgvector.PGvector;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.RecordedObservations;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Statements;
import io.pgai.spring.test.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Similarity;
import org.springframework.data.domain.Vector;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * Every search against SQL computed here, on a store of 3,000 chunks with an HNSW index.
 */
class EmbeddingRepositoryIntegrationTests {

	private static final float[] QUERY = { 0.3f, -0.8f, 0.5f };

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(BlogConfiguration.class);

	@BeforeAll
	static void createStoreWithHnswIndex() {
		Sql.run("drop table if exists blog_posts_embedding_store", "drop table if exists blog_posts",
				"create table blog_posts (id bigserial primary key, title text not null, content text not null)", """
						create table blog_posts_embedding_store (
						    embedding_uuid uuid not null primary key default gen_random_uuid(),
						    id bigint not null, chunk_seq int not null, chunk text not null,
						    embedding vector(3) not null, unique (id, chunk_seq))""",
				"insert into blog_posts (id, title, content) select g, 'post ' || g, 'content ' || g "
						+ "from generate_series(1, 1000) g",
				"select setseed(0.42)",
				"insert into blog_posts_embedding_store (id, chunk_seq, chunk, embedding) "
						+ "select p, s, 'chunk ' || p || '.' || s, "
						+ "array[random() * 2 - 1, random() * 2 - 1, random() * 2 - 1]::vector(3) "
						+ "from generate_series(1, 1000) p, generate_series(0, 2) s",
				"create index on blog_posts_embedding_store using hnsw (embedding vector_cosine_ops)",
				"create index on blog_posts_embedding_store using hnsw (embedding vector_l2_ops)",
				"create index on blog_posts_embedding_store using hnsw (embedding vector_ip_ops)",
				"analyze blog_posts_embedding_store");
	}

	@Test
	void findNearestReturnsWhatPgvectorOrdersFirst() {
		this.runner.run((context) -> {
			List<Embedding<BlogPost>> nearest = repository(context).findNearest(QUERY, 10);
			assertThat(nearest).extracting(Embedding::getEmbeddingUuid)
				.containsExactlyElementsOf(sqlNearest("<=>", "", 10));
		});
	}

	@Test
	void scoresAreSpringDataCosineSimilarities() {
		this.runner.run((context) -> {
			SearchResults<Embedding<BlogPost>> results = repository(context).searchNearest(QUERY, 5);
			assertThat(results.getContent()).hasSize(5);
			for (SearchResult<Embedding<BlogPost>> result : results) {
				double distance = sqlDistance("<=>", result.getContent().getEmbeddingUuid());
				assertThat(result.getScore()).isInstanceOf(Similarity.class);
				assertThat(result.getScore().getValue()).isCloseTo(1 - distance / 2, within(1e-6));
			}
			assertThat(results.getContent()).extracting((r) -> r.getScore().getValue()).isSortedAccordingTo((a, b) -> Double.compare(b, a));
		});
	}

	@Test
	void euclideanAndInnerProductAreSelectableByProperty() {
		this.runner.withPropertyValues("pgai.search.distance=euclidean").run((context) -> {
			SearchResults<Embedding<BlogPost>> results = repository(context).searchNearest(QUERY, 10);
			assertThat(results.contentStream().map(Embedding::getEmbeddingUuid).toList())
				.containsExactlyElementsOf(sqlNearest("<->", "", 10));
			SearchResult<Embedding<BlogPost>> first = results.getContent().get(0);
			double distance = sqlDistance("<->", first.getContent().getEmbeddingUuid());
			assertThat(first.getScore().getValue()).isCloseTo(1 / (1 + distance * distance), within(1e-6));
		});
		this.runner.withPropertyValues("pgai.search.distance=inner-product").run((context) -> {
			SearchResults<Embedding<BlogPost>> results = repository(context).searchNearest(QUERY, 10);
			assertThat(results.contentStream().map(Embedding::getEmbeddingUuid).toList())
				.containsExactlyElementsOf(sqlNearest("<#>", "", 10));
			SearchResult<Embedding<BlogPost>> first = results.getContent().get(0);
			double negativeInnerProduct = sqlDistance("<#>", first.getContent().getEmbeddingUuid());
			assertThat(first.getScore().getValue()).isCloseTo((1 - negativeInnerProduct) / 2, within(1e-6));
		});
	}

	@Test
	void aSelectiveFilterStillReturnsKRowsInOneSearchStatement() {
		this.runner.run((context) -> {
			Specification<BlogPost> everyHundredth = (post, query, cb) -> cb.equal(cb.mod(post.get("id"), 100), 0);
			readsTheStoresIndex(context);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			List<Embedding<BlogPost>> nearest = repository(context).findNearest(QUERY, 10, everyHundredth);
			// hnsw.iterative_scan is set by the search statement itself: without it, 40 candidates hold no 10 matches.
			assertThat(statements.prepared()).isOne();
			assertThat(nearest).hasSize(10);
			assertThat(nearest).allSatisfy((e) -> assertThat((Long) e.getParentId() % 100).isZero());
			assertThat(nearest).extracting(Embedding::getEmbeddingUuid)
				.containsExactlyElementsOf(sqlNearest("<=>", "where id % 100 = 0", 10));
		});
	}

	@Test
	void eachSearchIsObservedAsPgaiSearchWithItsShape() {
		RecordedObservations observations = new RecordedObservations();
		List<Observation.Context> stopped = observations.stopped();
		this.runner.withBean(ObservationRegistry.class, observations::registry).run((context) -> {
			EmbeddingRepository<BlogPost> repository = repository(context);
			Specification<BlogPost> everyTenth = (post, query, cb) -> cb.equal(cb.mod(post.get("id"), 10), 0);
			repository.findNearest(QUERY, 3);
			repository.findNearest(QUERY, 3, everyTenth);
			repository.findNearestParents(QUERY, 3);
			repository.findNearestParents(QUERY, 3, everyTenth);
		});
		assertThat(stopped).allSatisfy((observation) -> {
			assertThat(observation.getName()).isEqualTo("pgai.search");
			assertThat(observation.getLowCardinalityKeyValue("pgai.store").getValue())
				.isEqualTo("blog_posts_embedding_store");
			assertThat(observation.getLowCardinalityKeyValue("pgai.distance").getValue()).isEqualTo("cosine");
		});
		assertThat(stopped).extracting((observation) -> observation.getLowCardinalityKeyValue("pgai.shape").getValue())
			.containsExactly("nearest", "filtered", "parents", "parents-filtered");
	}

	@Test
	void filtersOfTheSameShapeWithOtherValuesShareOneCachedPlanAndGetTheirOwnRows() {
		// The same filter shape with other values, in one context: each search binds its own.
		this.runner.run((context) -> {
			Statements statements = null;
			for (int remainder : new int[] { 0, 1, 0, 7 }) {
				Specification<BlogPost> filter = (post, query, cb) -> cb.equal(cb.mod(post.get("id"), 100), remainder);
				assertThat(repository(context).findNearest(QUERY, 5, filter)).extracting(Embedding::getEmbeddingUuid)
					.as("remainder %d", remainder)
					.containsExactlyElementsOf(sqlNearest("<=>", "where id % 100 = " + remainder, 5));
				assertThat(repository(context).findNearestParents(QUERY, 3, filter))
					.as("parents, remainder %d", remainder)
					.extracting((p) -> p.chunk().getEmbeddingUuid())
					.containsExactlyElementsOf(sqlBestChunkPerParent("where id % 100 = " + remainder, 3));
				if (statements == null) {
					statements = Statements.count(context.getBean(EntityManagerFactory.class));
				}
			}
			// Translated once: without a cached plan, criteria would be translated to SQL on every call.
			assertThat(statements.plansTranslated()).isZero();
			assertThat(statements.cachedPlansUsed()).isEqualTo(6);
		});
	}

	@Test
	void nearestParentsAreDistinctWithTheirBestChunk() {
		this.runner.run((context) -> {
			// The first call also looks up, once a minute, whether the store has a vector index.
			repository(context).findNearestParents(QUERY, 1);
			readsTheStoresIndex(context);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			List<NearestParent<BlogPost>> parents = repository(context).findNearestParents(QUERY, 10);
			assertThat(statements.prepared()).isOne();
			// Outside a transaction, a stateless session: the results leave detached either way.
			assertThat(statements.sessionsOpened()).isZero();
			assertThat(parents).hasSize(10);
			assertThat(parents).allSatisfy((p) -> assertThat(p.chunk().getParent()).isSameAs(p.parent()));
			assertThat(parents).extracting((p) -> p.parent().getId()).doesNotHaveDuplicates();
			assertThat(parents).allSatisfy((p) -> assertThat(p.chunk().getParentId()).isEqualTo(p.parent().getId()));
			assertThat(parents).extracting((p) -> p.chunk().getEmbeddingUuid())
				.containsExactlyElementsOf(sqlBestChunkPerParent(10));
			assertThat(parents.get(0).parent().getTitle()).startsWith("post ");
		});
	}

	@Test
	void insideATransactionNearestParentsAreManaged() {
		this.runner.run((context) -> {
			TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			jakarta.persistence.EntityManager shared = org.springframework.orm.jpa.SharedEntityManagerCreator
				.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
			List<UUID> chunks = transaction.execute((status) -> {
				List<NearestParent<BlogPost>> parents = repository(context).findNearestParents(QUERY, 10);
				assertThat(parents).allSatisfy((p) -> {
					assertThat(shared.contains(p.parent())).isTrue();
					assertThat(shared.contains(p.chunk())).isTrue();
				});
				return parents.stream().map((p) -> p.chunk().getEmbeddingUuid()).toList();
			});
			assertThat(chunks).containsExactlyElementsOf(sqlBestChunkPerParent(10));
		});
	}

	@Test
	void nearestParentsWithoutAVectorIndexRankEachParentsChunksInOnePass() {
		Sql.run("drop index blog_posts_embedding_store_embedding_idx", "drop index blog_posts_embedding_store_embedding_idx1",
				"drop index blog_posts_embedding_store_embedding_idx2");
		try {
			this.runner.run((context) -> {
				List<NearestParent<BlogPost>> parents = repository(context).findNearestParents(QUERY, 10);
				assertThat(parents).extracting((p) -> p.chunk().getEmbeddingUuid())
					.containsExactlyElementsOf(sqlBestChunkPerParent(10));
				assertThat(parents).extracting((p) -> p.parent().getId()).doesNotHaveDuplicates();
			});
		}
		finally {
			Sql.run("create index on blog_posts_embedding_store using hnsw (embedding vector_cosine_ops)",
					"create index on blog_posts_embedding_store using hnsw (embedding vector_l2_ops)",
					"create index on blog_posts_embedding_store using hnsw (embedding vector_ip_ops)");
		}
	}

	@Test
	void nearestParentsFilterOnTheParent() {
		this.runner.run((context) -> {
			Specification<BlogPost> titled = (post, query, cb) -> cb.like(post.get("title"), "post 1%");
			readsTheStoresIndex(context);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			List<NearestParent<BlogPost>> parents = repository(context).findNearestParents(QUERY, 5, titled);
			assertThat(statements.prepared()).isOne();
			assertThat(statements.sessionsOpened()).isZero();
			assertThat(parents).hasSize(5)
				.allSatisfy((p) -> assertThat(p.parent().getTitle()).startsWith("post 1"))
				.allSatisfy((p) -> assertThat(p.chunk().getParent()).isSameAs(p.parent()));
			assertThat(parents).extracting((p) -> p.chunk().getEmbeddingUuid())
				.containsExactlyElementsOf(sqlBestChunkPerParent(
						"where id in (select id from blog_posts where title like 'post 1%')", 5));
		});
	}

	@Test
	void aMinimumSimilarityLimitsTheResults() {
		this.runner.run((context) -> {
			SearchResults<Embedding<BlogPost>> results = repository(context).searchNearest(Vector.of(QUERY),
					Similarity.of(0.995), Limit.of(500));
			assertThat(results.getContent()).isNotEmpty()
				.allSatisfy((r) -> assertThat(r.getScore().getValue()).isGreaterThanOrEqualTo(0.995));
			assertThat((long) results.getContent().size())
				.isEqualTo(sqlCount("where 1 - (embedding <=> '" + new PGvector(QUERY) + "') / 2 >= 0.995"));
		});
	}

	@Test
	void pagesFollowEachOther() {
		this.runner.run((context) -> {
			EmbeddingRepository<BlogPost> repository = repository(context);
			List<UUID> firstTwoPages = new ArrayList<>();
			for (int page = 0; page < 2; page++) {
				repository.searchNearest(Vector.of(QUERY), Specification.unrestricted(), Similarity.of(0),
						PageRequest.of(page, 5))
					.contentStream()
					.forEach((e) -> firstTwoPages.add(e.getEmbeddingUuid()));
			}
			assertThat(firstTwoPages).containsExactlyElementsOf(sqlNearest("<=>", "", 10));
		});
	}

	@Test
	void findAllCountAndFindByParent() {
		this.runner.run((context) -> {
			EmbeddingRepository<BlogPost> repository = repository(context);
			assertThat(repository.count()).isEqualTo(3000);
			assertThat(repository.findAll()).hasSize(3000).first().satisfies((e) -> {
				assertThat(e.getParentId()).isEqualTo(1L);
				assertThat(e.getChunkSeq()).isZero();
			});
			BlogPost post = context.getBean(EntityManagerFactory.class).createEntityManager().find(BlogPost.class, 42L);
			assertThat(repository.findByParent(post)).extracting(Embedding::getChunk)
				.containsExactly("chunk 42.0", "chunk 42.1", "chunk 42.2");
		});
	}

	@Test
	void eagerParentsComeWithTheSearchStatement() {
		this.runner.withPropertyValues("pgai.parent-fetch=eager").run((context) -> {
			readsTheStoresIndex(context);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			List<Embedding<BlogPost>> nearest = repository(context).findNearest(QUERY, 20);
			assertThat(nearest).extracting((e) -> e.getParent().getTitle()).allSatisfy((t) -> assertThat(t).startsWith("post "));
			assertThat(statements.prepared()).isOne();
		});
	}

	@Test
	void outsideATransactionSearchesReturnDetachedChunksWithTheirParentsKeyAndOneStatement() {
		this.runner.run((context) -> {
			readsTheStoresIndex(context);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			List<Embedding<BlogPost>> nearest = repository(context).findNearest(QUERY, 10);
			assertThat(statements.prepared()).isOne();
			// A stateless session: no persistence context to set up for entities that leave detached.
			assertThat(statements.sessionsOpened()).isZero();
			assertThat(nearest).extracting(Embedding::getEmbeddingUuid)
				.containsExactlyElementsOf(sqlNearest("<=>", "", 10));
			assertThat(nearest).allSatisfy((chunk) -> {
				assertThat(org.hibernate.Hibernate.isInitialized(chunk.getParent())).isFalse();
				assertThat(chunk.getParentId()).isEqualTo(sqlParentId(chunk.getEmbeddingUuid()));
			});
			// As with Spring's shared entity manager outside a transaction: the session is gone.
			assertThatExceptionOfType(org.hibernate.LazyInitializationException.class)
				.isThrownBy(() -> nearest.get(0).getParent().getTitle());
		});
	}

	@Test
	void insideATransactionSearchesReturnManagedChunksWhoseParentsLoad() {
		this.runner.run((context) -> {
			TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			jakarta.persistence.EntityManager shared = org.springframework.orm.jpa.SharedEntityManagerCreator
				.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
			readsTheStoresIndex(context);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			List<String> titles = transaction.execute((status) -> {
				List<Embedding<BlogPost>> nearest = repository(context).findNearest(QUERY, 5);
				assertThat(nearest).allSatisfy((chunk) -> assertThat(shared.contains(chunk)).isTrue());
				return nearest.stream().map((chunk) -> chunk.getParent().getTitle()).toList();
			});
			assertThat(statements.sessionsOpened()).isOne();
			assertThat(titles).containsExactlyElementsOf(sqlNearest("<=>", "", 5).stream()
				.map((uuid) -> "post " + sqlParentId(uuid))
				.toList());
		});
	}

	@Test
	void anEntityManagerOpenInTheViewServesSearchesSoParentsLoadLater() {
		this.runner.run((context) -> {
			EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
			jakarta.persistence.EntityManager view = factory.createEntityManager();
			// What OpenEntityManagerInViewInterceptor does for a web request, without a transaction.
			org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(factory,
					new org.springframework.orm.jpa.EntityManagerHolder(view));
			try {
				List<Embedding<BlogPost>> nearest = repository(context).findNearest(QUERY, 3);
				assertThat(nearest).allSatisfy((chunk) -> assertThat(view.contains(chunk)).isTrue());
				assertThat(nearest).extracting((chunk) -> chunk.getParent().getTitle())
					.allSatisfy((title) -> assertThat(title).startsWith("post "));
			}
			finally {
				org.springframework.transaction.support.TransactionSynchronizationManager.unbindResource(factory);
				view.close();
			}
		});
	}

	@Test
	void efSearchTakesEffectInTheSearchStatementItselfAndNeverBelowK() {
		// Without an iterative scan, an HNSW scan returns at most ef_search rows, and a filter
		// keeps those of them that match: about half of them here.
		Specification<BlogPost> secondHalf = (post, query, cb) -> cb.gt(post.get("id"), 500);
		this.runner.withPropertyValues("pgai.search.ef-search=1", "pgai.search.iterative-scan=off").run((context) -> {
			readsTheStoresIndex(context);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			assertThat(repository(context).findNearest(QUERY, 10)).hasSize(10);
			assertThat(statements.prepared()).isOne();
			assertThat(repository(context).findNearest(QUERY, 10, secondHalf)).hasSizeLessThan(10);
		});
		this.runner.withPropertyValues("pgai.search.iterative-scan=off").run((context) -> {
			// pgvector's default ef_search is 40: more rows need a larger one, which the search sets.
			assertThat(repository(context).findNearest(QUERY, 200)).extracting(Embedding::getEmbeddingUuid)
				.containsExactlyElementsOf(sqlNearest("<=>", "", 200));
		});
	}

	@Test
	void efSearchIsSetForTheSearchTransactionOnly() {
		this.runner.withPropertyValues("pgai.search.ef-search=123").run((context) -> {
			TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
			jakarta.persistence.EntityManager shared = org.springframework.orm.jpa.SharedEntityManagerCreator
				.createSharedEntityManager(factory);
			String inside = transaction.execute((status) -> {
				repository(context).findNearest(QUERY, 3);
				return (String) shared.createNativeQuery("select current_setting('hnsw.ef_search')").getSingleResult();
			});
			assertThat(inside).isEqualTo("123");
			String after = transaction.execute((status) -> (String) shared
				.createNativeQuery("select current_setting('hnsw.ef_search')")
				.getSingleResult());
			assertThat(after).isEqualTo("40");
		});
		this.runner.run((context) -> {
			TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			jakarta.persistence.EntityManager shared = org.springframework.orm.jpa.SharedEntityManagerCreator
				.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
			String inside = transaction.execute((status) -> {
				repository(context).findNearest(QUERY, 100);
				return (String) shared.createNativeQuery("select current_setting('hnsw.ef_search')").getSingleResult();
			});
			assertThat(inside).isEqualTo("100");
		});
	}

	@Test
	void vectorsReadBackExactlyInTextAndOnceThePreparedStatementMovesThemInBinary() {
		// One connection, and more searches than PgJDBC's prepare threshold of 5: the first ones
		// answer in text, the later ones in binary.
		this.runner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=1").run((context) -> {
			EmbeddingRepository<BlogPost> repository = repository(context);
			for (int i = 0; i < 8; i++) {
				float[] query = { 0.3f + i / 10f, -0.8f, 0.5f };
				for (Embedding<BlogPost> embedding : repository.findNearest(query, 5)) {
					assertThat(embedding.getEmbedding()).as("search %d", i)
						.containsExactly(sqlVector(embedding.getEmbeddingUuid()));
				}
			}
			javax.sql.DataSource dataSource = context.getBean(javax.sql.DataSource.class);
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection
						.prepareStatement("select embedding::text, embedding from blog_posts_embedding_store limit 1")) {
				for (int i = 0; i < 8; i++) {
					try (ResultSet rs = statement.executeQuery()) {
						rs.next();
						// Other code on the same pooled connection still reads vectors as text and as PGvector.
						assertThat(new PGvector(rs.getString(2)).toArray()).containsExactly(new PGvector(rs.getString(1)).toArray());
						assertThat(((PGvector) rs.getObject(2)).toArray()).containsExactly(new PGvector(rs.getString(1)).toArray());
					}
				}
			}
		});
	}

	@Test
	void inATransactionAnUnfilteredSearchKeepsOneCachedQueryPlanWhateverTheQueryVector() {
		this.runner.run((context) -> {
			EmbeddingRepository<BlogPost> repository = repository(context);
			TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			org.hibernate.query.spi.QueryInterpretationCache plans = context.getBean(EntityManagerFactory.class)
				.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
				.getQueryEngine()
				.getInterpretationCache();
			transaction.executeWithoutResult((status) -> repository.findNearest(QUERY, 10));
			int cached = plans.getNumberOfCachedQueryPlans();
			for (int i = 0; i < 5; i++) {
				float[] query = { i, 1, -i };
				transaction.executeWithoutResult((status) -> repository.findNearest(query, 10));
			}
			// A plan per call would mean translating the query to SQL on every search.
			assertThat(cached).isPositive();
			assertThat(plans.getNumberOfCachedQueryPlans()).isEqualTo(cached);
		});
	}

	@Test
	void detachedAndManagedSearchesReturnTheSameChunksScoresAndParents() {
		this.runner.withPropertyValues("pgai.search.distance=euclidean").run((context) -> {
			EmbeddingRepository<BlogPost> repository = repository(context);
			TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			List<String> detached = describe(repository.searchNearest(QUERY, 20));
			List<String> managed = transaction.execute((status) -> describe(repository.searchNearest(QUERY, 20)));
			assertThat(detached).containsExactlyElementsOf(managed).hasSize(20);
		});
	}

	/** The parent as the lazy proxy sees it, without loading it. */
	private static String parent(Embedding<BlogPost> chunk) {
		org.hibernate.proxy.LazyInitializer proxy = org.hibernate.proxy.HibernateProxy
			.extractLazyInitializer(chunk.getParent());
		assertThat(proxy).isNotNull();
		return proxy.getEntityName() + "#" + proxy.getInternalIdentifier() + " initialized "
				+ org.hibernate.Hibernate.isInitialized(chunk.getParent());
	}

	/** Every field of each result, its parent as a proxy and its score. */
	private static List<String> describe(SearchResults<Embedding<BlogPost>> results) {
		return results.stream()
			.map((result) -> {
				Embedding<BlogPost> chunk = result.getContent();
				return chunk.getEmbeddingUuid() + " " + chunk.getParentId() + " " + chunk.getChunkSeq() + " "
						+ chunk.getChunk() + " " + java.util.Arrays.toString(chunk.getEmbedding()) + " "
						+ chunk.getClass().getName() + " " + parent(chunk) + " " + result.getScore().getValue();
			})
			.toList();
	}

	@Test
	void badArgumentsFailBeforeAnySql() {
		this.runner.withPropertyValues("pgai.search.max-k=50").run((context) -> {
			EmbeddingRepository<BlogPost> repository = repository(context);
			readsTheStoresIndex(context);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			assertThatIllegalArgumentException().isThrownBy(() -> repository.findNearest(new float[] { 1, 2 }, 5))
				.withMessageContaining("2 dimensions")
				.withMessageContaining("3 dimensions");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> repository.findNearest(new float[] { 1, Float.NaN, 2 }, 5))
				.withMessageContaining("NaN at index 1");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> repository.findNearest(new float[] { 1, Float.POSITIVE_INFINITY, 2 }, 5))
				.withMessageContaining("Infinity");
			assertThatIllegalArgumentException().isThrownBy(() -> repository.findNearest(QUERY, 0))
				.withMessageContaining("between 1 and 50");
			assertThatIllegalArgumentException().isThrownBy(() -> repository.findNearestParents(QUERY, 51))
				.withMessageContaining("pgai.search.max-k")
				.withMessageContaining("51");
			assertThatIllegalArgumentException().isThrownBy(() -> repository.findNearest(" ", 5))
				.withMessageContaining("blank");
			assertThat(statements.prepared()).isZero();
		});
	}

	@Test
	void textSearchWithoutAnEmbedderSaysWhatToConfigure() {
		this.runner.run((context) -> assertThatIllegalStateException()
			.isThrownBy(() -> repository(context).findNearest("pasta", 5))
			.withMessageContaining("BlogPost.contentEmbeddings")
			.withMessageContaining("Spring AI EmbeddingModel")
			.withMessageContaining("LangChain4j EmbeddingModel")
			.withMessageContaining("3 dimensions"));
	}

	@SuppressWarnings("unchecked")
	static EmbeddingRepository<BlogPost> repository(AssertableApplicationContext context) {
		ResolvableType type = ResolvableType.forClassWithGenerics(EmbeddingRepository.class, BlogPost.class);
		return (EmbeddingRepository<BlogPost>) context.getBeanProvider(type).getObject();
	}

	private static List<UUID> sqlNearest(String operator, String where, int k) {
		List<UUID> uuids = new ArrayList<>();
		query("select embedding_uuid from blog_posts_embedding_store " + where + " order by embedding " + operator
				+ " ? limit " + k, (rs) -> uuids.add(rs.getObject(1, UUID.class)));
		return uuids;
	}

	private static List<UUID> sqlBestChunkPerParent(int k) {
		return sqlBestChunkPerParent("", k);
	}

	private static List<UUID> sqlBestChunkPerParent(String where, int k) {
		List<UUID> uuids = new ArrayList<>();
		query("select embedding_uuid from (select distinct on (id) embedding_uuid, embedding <=> ? as d "
				+ "from blog_posts_embedding_store " + where + " order by id, d) best order by d limit " + k,
				(rs) -> uuids.add(rs.getObject(1, UUID.class)));
		return uuids;
	}

	private static double sqlDistance(String operator, UUID uuid) {
		double[] distance = new double[1];
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement statement = connection.prepareStatement(
						"select embedding " + operator + " ? from blog_posts_embedding_store where embedding_uuid = ?")) {
			statement.setObject(1, new PGvector(QUERY));
			statement.setObject(2, uuid);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				distance[0] = rs.getDouble(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return distance[0];
	}

	/** The vector as PostgreSQL prints it, parsed: the reference a binary read must match. */
	private static float[] sqlVector(UUID uuid) {
		return sqlColumn("embedding::text", uuid, (rs) -> new PGvector(rs.getString(1)).toArray());
	}

	private static long sqlParentId(UUID uuid) {
		return sqlColumn("id", uuid, (rs) -> rs.getLong(1));
	}

	private static <T> T sqlColumn(String expression, UUID uuid, ColumnReader<T> reader) {
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement statement = connection.prepareStatement(
						"select " + expression + " from blog_posts_embedding_store where embedding_uuid = ?")) {
			statement.setObject(1, uuid);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return reader.read(rs);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long sqlCount(String where) {
		long[] count = new long[1];
		query("select count(*) from blog_posts_embedding_store " + where + " and ?::vector is not null",
				(rs) -> count[0] = rs.getLong(1));
		return count[0];
	}

	/** The first search of a store also reads the store's index from the catalog, then once a minute. */
	private static void readsTheStoresIndex(AssertableApplicationContext context) {
		repository(context).findNearest(QUERY, 1);
	}

	/** Exact answers: the index is switched off, so pgvector compares every row. */
	private static void query(String sql, RowHandler handler) {
		try (Connection connection = TestDatabase.get().open()) {
			connection.setAutoCommit(false);
			connection.createStatement().execute("set local enable_indexscan = off");
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setObject(1, new PGvector(QUERY));
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						handler.handle(rs);
					}
				}
			}
			connection.rollback();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	interface RowHandler {

		void handle(ResultSet rs) throws SQLException;

	}

	interface ColumnReader<T> {

		T read(ResultSet rs) throws SQLException;

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	static class BlogConfiguration {

	}

}
