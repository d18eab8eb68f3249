package io.pgai.spring.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import com.pgvector.PGvector;
import io.micrometer.observation.ObservationRegistry;
import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.repository.quantized.Article;
import io.pgai.spring.repository.quantized.WideArticle;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.RecordedObservations;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Similarity;
import org.springframework.data.domain.Vector;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Stores indexed on pgai's unchanged layout through an expression: {@code embedding::halfvec(n)}
 * and {@code binary_quantize(embedding)::bit(n)}. For each index, distance and search shape the
 * test checks that the index served the search (its {@code idx_scan} in
 * {@code pg_stat_user_indexes} went up, which only an index scan does) and compares the results
 * with exact search: same chunks in the same order up to recall, and exact scores.
 * 20,000 chunks of 64 dimensions in 20 clusters: enough that PostgreSQL prefers the index to a scan.
 */
@ExtendWith(OutputCaptureExtension.class)
class QuantizedIndexIntegrationTests {

	private static final int DIMENSIONS = 64;

	private static final String INDEX = "articles_embedding_store_quantized";

	private static final Map<String, String> OPERATORS = Map.of("cosine", "<=>", "euclidean", "<->",
			"inner-product", "<#>");

	private static final Map<String, String> OPERATOR_CLASSES = Map.of("cosine", "cosine_ops", "euclidean", "l2_ops",
			"inner-product", "ip_ops");

	private static float[] query;

	// An ef_search that makes the HNSW scan all but exact on 20,000 chunks, so that a result off
	// the exact one comes from the query, not from the approximation.
	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(ArticleConfiguration.class)
		.withPropertyValues("pgai.search.ef-search=200");

	@BeforeAll
	static void createClusteredStore() {
		Sql.run("drop table if exists articles_embedding_store", "drop table if exists articles",
				"drop table if exists article_centres",
				"create table articles (id bigint primary key, section int not null)", store("articles", 64),
				"select setseed(0.17)",
				// The reference to c makes PostgreSQL draw each centre anew rather than once.
				"create table article_centres as select c, array(select random() * 2 - 1 + c * 0 "
						+ "from generate_series(1, 64)) as v from generate_series(0, 19) c",
				"insert into articles select g, g % 5 from generate_series(1, 5000) g",
				"insert into articles_embedding_store (id, chunk_seq, chunk, embedding) "
						+ "select p, s, 'chunk ' || p || '.' || s, l2_normalize((select array_agg(x + (random() * 2 - 1) * 0.6 "
						+ "order by i) from unnest(ce.v) with ordinality u(x, i))::vector(64)) "
						+ "from generate_series(1, 5000) p cross join generate_series(0, 3) s "
						+ "join article_centres ce on ce.c = (p * 4 + s) % 20",
				"analyze articles, articles_embedding_store",
				"drop table if exists wide_articles_embedding_store", "drop table if exists wide_articles",
				"create table wide_articles (id bigint primary key)", store("wide_articles", 3072),
				"insert into wide_articles select g from generate_series(1, 3000) g",
				"insert into wide_articles_embedding_store (id, chunk_seq, chunk, embedding) "
						+ "select g, 0, 'wide ' || g, l2_normalize(array(select random() - 0.5 + g * 0 "
						+ "from generate_series(1, 3072))::vector(3072)) from generate_series(1, 3000) g",
				// pgvector indexes vector up to 2,000 dimensions, halfvec up to 4,000.
				"create index wide_articles_embedding_store_halfvec on wide_articles_embedding_store "
						+ "using hnsw ((embedding::halfvec(3072)) halfvec_cosine_ops)",
				"analyze wide_articles, wide_articles_embedding_store");
		float[] centre = sqlVector("select v::vector(64) from article_centres where c = 7");
		// Unit vectors, as embedding models write them.
		query = new float[DIMENSIONS];
		double norm = 0;
		for (int i = 0; i < DIMENSIONS; i++) {
			query[i] = centre[i] + ((i % 3) - 1) * 0.3f;
			norm += query[i] * query[i];
		}
		for (int i = 0; i < DIMENSIONS; i++) {
			query[i] /= (float) Math.sqrt(norm);
		}
	}

	/** A store in pgai's layout for a table with a {@code bigint} key. */
	private static String store(String table, int dimensions) {
		return """
				create table %s_embedding_store (
				    embedding_uuid uuid not null primary key default gen_random_uuid(),
				    id bigint not null, chunk_seq int not null, chunk text not null,
				    embedding vector(%d) not null, unique (id, chunk_seq))""".formatted(table, dimensions);
	}

	@Test
	void aHalfvecIndexServesTheSearchesOfEachDistanceWithExactScores() {
		for (String distance : OPERATORS.keySet()) {
			index("(embedding::halfvec(64)) halfvec_" + OPERATOR_CLASSES.get(distance));
			this.runner.withPropertyValues("pgai.search.distance=" + distance)
				.run((context) -> everyShapeIsServedByTheIndex(context, distance, 1.0, 0,
						(operator) -> "select embedding_uuid from articles_embedding_store e where e.id in "
								+ "(select id from articles where section = 2) order by (embedding)::halfvec(64) "
								+ operator + " (?::vector)::halfvec(64) limit 10"));
		}
	}

	@Test
	void aBinaryQuantizationYieldsCandidatesThatEachDistanceReRanksExactly() {
		index("(binary_quantize(embedding)::bit(64)) bit_hamming_ops");
		for (String distance : OPERATORS.keySet()) {
			// 64 bits say little: a re-rank of 40 candidates per result finds most, not all, of the
			// exact answers here.
			this.runner.withPropertyValues("pgai.search.distance=" + distance, "pgai.search.binary-oversampling=40")
				.run((context) -> everyShapeIsServedByTheIndex(context, distance, 0.7, 40,
						(operator) -> "select embedding_uuid from articles_embedding_store e where e.embedding_uuid in "
								+ "(select c.embedding_uuid from articles_embedding_store c where c.id in "
								+ "(select id from articles where section = 2) order by binary_quantize(c.embedding)::bit(64) "
								+ "<~> binary_quantize(?::vector)::bit(64) limit 400) order by embedding " + operator
								+ " ? limit 10"));
		}
	}

	@Test
	void moreCandidatesPerResultRaiseTheBinaryQuantizationsRecall() {
		index("(binary_quantize(embedding)::bit(64)) bit_hamming_ops");
		double[] recall = new double[2];
		this.runner.withPropertyValues("pgai.search.binary-oversampling=1")
			.run((context) -> recall[0] = recall(uuids(repository(context).findNearest(query, 10)), exact("<=>", "", 10)));
		this.runner.withPropertyValues("pgai.search.binary-oversampling=100")
			.run((context) -> recall[1] = recall(uuids(repository(context).findNearest(query, 10)), exact("<=>", "", 10)));
		assertThat(recall[0]).isLessThan(0.5);
		// Not always 1.0: pgvector draws the graph's levels from its own random source (setseed does
		// not reach it), and in some builds the 1,000 candidates of the 64-bit codes miss one of the ten.
		assertThat(recall[1]).isGreaterThanOrEqualTo(0.9);
	}

	@Test
	void theVectorSideOfHybridSearchesIsServedByEachQuantization() {
		for (String index : List.of("(embedding::halfvec(64)) halfvec_cosine_ops",
				"(binary_quantize(embedding)::bit(64)) bit_hamming_ops")) {
			index(index);
			// Words no chunk has: the fused ranking is the vector side's, 40 candidates of the index.
			this.runner.withBean(QueryEmbedder.class, () -> (text, store) -> query).run((context) -> {
				EmbeddingRepository<Article> articles = repository(context);
				assertThat(uuids(articles.findHybrid("unmatched words", 10))).as(index)
					.isEqualTo(uuids(articles.findNearest(query, 40)).subList(0, 10));
				Specification<Article> sectionTwo = (article, q, cb) -> cb.equal(article.get("section"), 2);
				assertThat(uuids(articles.findHybrid("unmatched words", 10, sectionTwo))).as(index + ", filtered")
					.isEqualTo(uuids(articles.findNearest(query, 40, sectionTwo)).subList(0, 10));
			});
		}
	}

	@Test
	void searchesAreObservedWithTheKindOfIndexThatServedThem() {
		RecordedObservations observations = new RecordedObservations();
		ApplicationContextRunner observed = this.runner.withBean(ObservationRegistry.class, observations::registry);
		dropIndex();
		observed.run((context) -> repository(context).findNearest(query, 3));
		index("(embedding::halfvec(64)) halfvec_cosine_ops");
		observed.run((context) -> repository(context).findNearest(query, 3));
		index("(binary_quantize(embedding)::bit(64)) bit_hamming_ops");
		observed.run((context) -> repository(context).findNearestParents(query, 3));
		index("embedding vector_cosine_ops");
		observed.run((context) -> repository(context).findNearest(query, 3));
		assertThat(observations.stopped())
			.extracting((observation) -> observation.getLowCardinalityKeyValue("pgai.index").getValue())
			.containsExactly("none", "halfvec", "binary", "vector");
	}

	@Test
	void aStoreOf3072DimensionsIsSearchableThroughAHalfvecIndex() {
		this.runner.run((context) -> {
			@SuppressWarnings("unchecked")
			EmbeddingRepository<WideArticle> repository = (EmbeddingRepository<WideArticle>) context
				.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, WideArticle.class))
				.getObject();
			float[] wideQuery = sqlVector("select embedding::text from wide_articles_embedding_store where id = 7");
			TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			jakarta.persistence.EntityManager entityManager = org.springframework.orm.jpa.SharedEntityManagerCreator
				.createSharedEntityManager(context.getBean(jakarta.persistence.EntityManagerFactory.class));
			SearchResults<Embedding<WideArticle>> results = transaction.execute((status) -> {
				SearchResults<Embedding<WideArticle>> found = repository.searchNearest(wideQuery, 10);
				assertThat(((Number) entityManager
					.createNativeQuery("select pg_stat_get_xact_numscans('wide_articles_embedding_store_halfvec'::regclass)")
					.getSingleResult()).longValue()).isPositive();
				return found;
			});
			// Random directions in 3,072 dimensions are all about equally far apart, so only the
			// query's own row stands out: it comes first, and every score is the exact distance's.
			assertThat(results.getContent().get(0).getContent().getParentId()).isEqualTo(7L);
			for (SearchResult<Embedding<WideArticle>> result : results) {
				double distance = sqlDistance("wide_articles_embedding_store", "<=>", wideQuery,
						result.getContent().getEmbeddingUuid());
				assertThat(result.getScore().getValue()).isCloseTo(1 - distance / 2, within(1e-6));
			}
			assertThat(results.getContent().get(0).getScore().getValue()).isCloseTo(1.0, within(1e-6));
		});
	}

	@Test
	void startupSaysWhenTheStoresIndexServesAnotherDistance(CapturedOutput output) {
		index("(embedding::halfvec(64)) halfvec_l2_ops");
		this.runner.withPropertyValues("pgai.search.distance=cosine").run((context) -> {
			assertThat(output).contains("Embedding store articles_embedding_store of Article.bodyEmbeddings has vector "
					+ "indexes [" + INDEX + " (halfvec_l2_ops)] but none for cosine distance: its searches read every "
					+ "row. Create one, for example: create index on articles_embedding_store using hnsw "
					+ "(embedding vector_cosine_ops)");
			// Still searchable, exactly, by reading every row.
			assertThat(uuids(repository(context).findNearest(query, 10))).isEqualTo(exact("<=>", "", 10));
		});
	}

	private void everyShapeIsServedByTheIndex(AssertableApplicationContext context, String distance,
			double minimumRecall, int oversampling, Function<String, String> filteredSql) {
		String operator = OPERATORS.get(distance);
		EmbeddingRepository<Article> repository = repository(context);
		Specification<Article> section2 = (article, q, cb) -> cb.equal(article.get("section"), 2);
		IndexScans index = new IndexScans(context);
		List<UUID> nearest = index.served(() -> uuids(repository.findNearest(query, 10)));
		assertThat(recall(nearest, exact(operator, "", 10))).as("%s nearest", distance).isGreaterThanOrEqualTo(minimumRecall);
		List<UUID> filtered = index.served(() -> uuids(repository.findNearest(query, 10, section2)));
		// A filtered scan is pgvector's iterative scan, approximate in its own way: the same SQL
		// through the same index, written by hand, is the reference. Its ef_search is the
		// repository's: 200, or as many as the candidates of a re-rank.
		assertThat(filtered).as("%s filtered", distance)
			.isEqualTo(throughTheIndex(filteredSql.apply(operator), Math.max(200, 10 * oversampling)));
		List<UUID> parents = index.served(() -> repository.findNearestParents(query, 10)
			.stream()
			.map((parent) -> parent.chunk().getEmbeddingUuid())
			.toList());
		assertThat(recall(parents, exactParents(operator, "", 10))).as("%s parents", distance)
			.isGreaterThanOrEqualTo(minimumRecall);
		// Whether the index or a scan of the section's chunks serves this one is the planner's
		// choice by cost (at this size, a scan): its results are checked, not its plan.
		List<NearestParent<Article>> filteredParents = repository.findNearestParents(query, 5, section2);
		assertThat(filteredParents).allSatisfy((parent) -> assertThat(parent.parent().getSection()).isEqualTo(2));
		// Each parent once, with its best chunk, nearest first.
		assertThat(filteredParents).extracting((parent) -> parent.parent().getId()).doesNotHaveDuplicates();
		for (NearestParent<Article> parent : filteredParents) {
			assertThat(parent.chunk().getEmbeddingUuid())
				.isEqualTo(exact(operator, "where id = " + parent.parent().getId(), 1).get(0));
		}
		assertThat(filteredParents).extracting((parent) -> parent.score().getValue())
			.isSortedAccordingTo((a, b) -> Double.compare(b, a));
		SearchResults<Embedding<Article>> scored = index
			.served(() -> repository.searchNearest(Vector.of(query), Similarity.of(0), Limit.of(10)));
		// Whatever ordered the candidates, scores are the exact distances' similarities, best first.
		DistanceFunction function = DistanceFunction.valueOf(distance.toUpperCase().replace('-', '_'));
		for (SearchResult<Embedding<Article>> result : scored) {
			double exactDistance = sqlDistance(operator, result.getContent().getEmbeddingUuid());
			assertThat(result.getScore().getValue()).isCloseTo(function.similarity(exactDistance), within(1e-6));
		}
		assertThat(scored.getContent()).extracting((result) -> result.getScore().getValue())
			.isSortedAccordingTo((a, b) -> Double.compare(b, a));
		// Outside a transaction the unfiltered search reads through its own SQL: the statistics,
		// reported within seconds, show its scan.
		long before = settledIndexScans();
		assertThat(uuids(repository.findNearest(query, 10))).isEqualTo(nearest);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(indexScans()).as("scans of " + INDEX).isGreaterThan(before));
	}

	/**
	 * Runs searches in a transaction and asks, on its connection, how many scans of the quantized
	 * index the transaction began: PostgreSQL counts them there at once, where the statistics
	 * views see them only once the backend reports them.
	 */
	private static final class IndexScans {

		private final TransactionTemplate transaction;

		private final jakarta.persistence.EntityManager entityManager;

		IndexScans(AssertableApplicationContext context) {
			this.transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			this.entityManager = org.springframework.orm.jpa.SharedEntityManagerCreator
				.createSharedEntityManager(context.getBean(jakarta.persistence.EntityManagerFactory.class));
		}

		<T> T served(Supplier<T> search) {
			return this.transaction.execute((status) -> {
				T result = search.get();
				Number scans = (Number) this.entityManager
					.createNativeQuery("select pg_stat_get_xact_numscans('" + INDEX + "'::regclass)")
					.getSingleResult();
				assertThat(scans.longValue()).as("scans of " + INDEX).isPositive();
				return result;
			});
		}

	}

	private static long settledIndexScans() {
		long[] last = { indexScans() };
		// A backend reports its statistics within seconds of going idle.
		await().pollDelay(Duration.ofMillis(1100)).pollInterval(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(30)).until(() -> {
			long now = indexScans();
			boolean settled = now == last[0];
			last[0] = now;
			return settled;
		});
		return last[0];
	}

	private static long indexScans() {
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement statement = connection
					.prepareStatement("select coalesce(sum(idx_scan), 0) from pg_stat_user_indexes where indexrelname = ?")) {
			statement.setString(1, INDEX);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void index(String definition) {
		dropIndex();
		Sql.run("create index " + INDEX + " on articles_embedding_store using hnsw (" + definition + ")");
	}

	private static void dropIndex() {
		Sql.run("drop index if exists " + INDEX);
	}

	private static double recall(List<UUID> found, List<UUID> exact) {
		Set<UUID> truth = new HashSet<>(exact);
		return found.stream().filter(truth::contains).count() / (double) exact.size();
	}

	private static List<UUID> uuids(List<Embedding<Article>> embeddings) {
		return embeddings.stream().map(Embedding::getEmbeddingUuid).toList();
	}

	/** Exact answers: the index is switched off, so pgvector compares every row. */
	private static List<UUID> exact(String operator, String where, int k) {
		return exactQuery("select embedding_uuid from articles_embedding_store " + where + " order by embedding "
				+ operator + " ? limit " + k);
	}

	private static List<UUID> exactParents(String operator, String where, int k) {
		return exactQuery("select embedding_uuid from (select embedding_uuid, embedding " + operator + " ? as d, "
				+ "row_number() over (partition by id order by embedding " + operator + " ?) r "
				+ "from articles_embedding_store " + where + ") x where r = 1 order by d limit " + k);
	}

	/** The rows of hand-written SQL with the repository's settings and the index scan the planner must take. */
	private static List<UUID> throughTheIndex(String sql, int efSearch) {
		return query(sql, "set local hnsw.ef_search = " + efSearch, "set local hnsw.iterative_scan = strict_order",
				"set local enable_seqscan = off");
	}

	private static List<UUID> exactQuery(String sql) {
		return query(sql, "set local enable_indexscan = off");
	}

	private static List<UUID> query(String sql, String... settings) {
		return query(sql, query, settings);
	}

	private static List<UUID> query(String sql, float[] vector, String... settings) {
		List<UUID> uuids = new ArrayList<>();
		try (Connection connection = TestDatabase.get().open()) {
			connection.setAutoCommit(false);
			for (String setting : settings) {
				connection.createStatement().execute(setting);
			}
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
					statement.setObject(i, new PGvector(vector));
				}
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						uuids.add(rs.getObject(1, UUID.class));
					}
				}
			}
			connection.rollback();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return uuids;
	}

	private static double sqlDistance(String operator, UUID uuid) {
		return sqlDistance("articles_embedding_store", operator, query, uuid);
	}

	private static double sqlDistance(String table, String operator, float[] vector, UUID uuid) {
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement statement = connection.prepareStatement(
						"select embedding " + operator + " ? from " + table + " where embedding_uuid = ?")) {
			statement.setObject(1, new PGvector(vector));
			statement.setObject(2, uuid);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getDouble(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static float[] sqlVector(String sql) {
		try (Connection connection = TestDatabase.get().open();
				ResultSet rs = connection.createStatement().executeQuery(sql)) {
			rs.next();
			return new PGvector(rs.getString(1)).toArray();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static EmbeddingRepository<Article> repository(AssertableApplicationContext context) {
		return (EmbeddingRepository<Article>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, Article.class))
			.getObject();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Article.class)
	static class ArticleConfiguration {

	}

}
