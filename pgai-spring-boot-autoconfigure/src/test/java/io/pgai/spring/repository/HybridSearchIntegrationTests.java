package io.pgai.spring.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pgvector.PGvector;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.repository.hybrid.GermanArticle;
import io.pgai.spring.repository.hybrid.HelpArticle;
import io.pgai.spring.repository.hybrid.derived.HelpSearches;
import io.pgai.spring.repository.hybrid.startup.GermanSearches;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Statements;
import io.pgai.spring.test.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
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
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Hybrid search with the real all-MiniLM-L6-v2 model on a small help centre, each article stored
 * as two chunks the way a vectorizer would: the exact term a vector misses, the meaning no word
 * shares, the fused scores against a fusion computed here from two plain rankings, filters,
 * parents, the settings, a store with its own text search configuration, and the indexes serving
 * both sides.
 */
@ExtendWith(OutputCaptureExtension.class)
class HybridSearchIntegrationTests {

	private static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();

	private static final String STORE = "help_articles_embedding_store";

	private static final String[][] ARTICLES = {
			{ "1", "billing", "Invoices are emailed on the first day of each month.",
					"You can download older invoices from the account page." },
			{ "2", "billing", "Refunds for annual plans are prorated.",
					"The amount reaches your card within ten business days." },
			{ "3", "errors", "Error QX-7731: upload rejected.", "The file is larger than your plan allows." },
			{ "4", "errors",
					"Sessions end after thirty minutes without any activity, and the page then shows error QX-2208 "
							+ "next to a button that signs you in again.",
					"Sign in again to continue where you left off." },
			{ "5", "errors", "An upload can fail on a slow network.", "Check your connection and retry the transfer." },
			{ "6", "api", "Call rotate_api_token to replace a leaked key.",
					"The old token stops working after one minute." },
			{ "7", "api", "Requests are rate limited to 100 per minute.",
					"Responses past the limit carry status 429." },
			{ "8", "account", "To change your password open the security settings.",
					"Enter the new password twice to confirm it." },
			{ "9", "account", "Two-factor authentication adds a code from your phone.",
					"Every sign-in then asks for that code." },
			{ "10", "support", "Our support team answers chats on weekdays.",
					"Write to us any time and we reply the next morning." },
			{ "11", "errors", "Error QX-2280: payment declined.", "Add another card or contact your bank." },
			{ "12", "errors", "Error QX-8022: export still running.",
					"Wait for it to finish before you start another one." } };

	private static final String[][] GERMAN = { { "1", "Das Haus am See ist über hundert Jahre alt." },
			{ "2", "Der Zug nach Berlin fährt jede Stunde." }, { "3", "Im Garten wachsen Tomaten und Bohnen." } };

	private final JdbcTemplate jdbc = Jdbc.template();

	private final ApplicationContextRunner withDatabaseDefault = JpaContextRunners.withDatabase()
		.withUserConfiguration(HelpConfiguration.class)
		.withBean("miniLm", EmbeddingModel.class, () -> MODEL)
		.withPropertyValues("pgai.validate-stores=false", "spring.jpa.properties.hibernate.generate_statistics=true");

	private final ApplicationContextRunner runner = this.withDatabaseDefault
		.withPropertyValues("pgai.search.hybrid.text-search-config=english");

	@BeforeAll
	static void storeTheArticlesAsAVectorizerWould() throws SQLException {
		Sql.run("drop table if exists " + STORE, "drop table if exists help_articles",
				"drop table if exists german_articles_embedding_store", "drop table if exists german_articles",
				"create table help_articles (id bigint primary key, topic text not null, body text not null)",
				storeTable(STORE), "create table german_articles (id bigint primary key, body text not null)",
				storeTable("german_articles_embedding_store"));
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement article = connection.prepareStatement("insert into help_articles values (?, ?, ?)");
				PreparedStatement german = connection.prepareStatement("insert into german_articles values (?, ?)")) {
			for (String[] row : ARTICLES) {
				article.setLong(1, Long.parseLong(row[0]));
				article.setString(2, row[1]);
				article.setString(3, row[2] + " " + row[3]);
				article.executeUpdate();
				insertChunk(connection, STORE, Long.parseLong(row[0]), 0, row[2]);
				insertChunk(connection, STORE, Long.parseLong(row[0]), 1, row[3]);
			}
			for (String[] row : GERMAN) {
				german.setLong(1, Long.parseLong(row[0]));
				german.setString(2, row[1]);
				german.executeUpdate();
				insertChunk(connection, "german_articles_embedding_store", Long.parseLong(row[0]), 0, row[1]);
			}
		}
		Sql.run("create index on " + STORE + " using hnsw (embedding vector_cosine_ops)",
				"create index on " + STORE + " using gin (to_tsvector('english', chunk))", "analyze " + STORE);
	}

	private static String storeTable(String name) {
		return "create table " + name + " (embedding_uuid uuid primary key default gen_random_uuid(), "
				+ "id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(384) not null)";
	}

	private static void insertChunk(Connection connection, String store, long id, int seq, String text)
			throws SQLException {
		try (PreparedStatement chunk = connection.prepareStatement(
				"insert into " + store + " (id, chunk_seq, chunk, embedding) values (?, ?, ?, ?)")) {
			chunk.setLong(1, id);
			chunk.setInt(2, seq);
			chunk.setString(3, text);
			chunk.setObject(4, new PGvector(MODEL.embed(text).content().vector()));
			chunk.executeUpdate();
		}
	}

	@AfterEach
	void close() {
		Jdbc.close(this.jdbc);
	}

	@Test
	void anExactTermTheVectorMissesWinsTheFusion() {
		this.runner.run((context) -> {
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			// The model sees two near-identical error messages; which code is which, it cannot tell.
			assertThat(articles.findNearest("QX-2208", 1)).singleElement()
				.satisfies((chunk) -> assertThat(chunk.getParentId()).as("the vector side alone").isNotEqualTo(4L));
			assertThat(articles.findHybrid("QX-2208", 1)).singleElement()
				.satisfies((chunk) -> assertThat(chunk.getChunk()).contains("error QX-2208"));
		});
	}

	@Test
	void theDocumentedCallsAnswerAsDocumented() {
		this.runner.withPropertyValues("pgai.parent-fetch=eager").run((context) -> {
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			// tag::hybrid[]
			List<Embedding<HelpArticle>> best = articles.findHybrid("QX-2208", 5);
			SearchResults<Embedding<HelpArticle>> scored = articles.searchHybrid("when will I be reimbursed", 5);
			List<NearestParent<HelpArticle>> pages = articles.findHybridParents("upload failed", 3,
					(article, query, cb) -> cb.equal(article.get("topic"), "errors"));
			// end::hybrid[]
			assertThat(best.get(0).getParent().getId()).isEqualTo(4L);
			assertThat(scored.getContent().get(0).getContent().getParent().getId()).isEqualTo(2L);
			assertThat(scored.getContent().get(0).getScore().getFunction().getName())
				.isEqualTo("reciprocal-rank-fusion");
			assertThat(pages).hasSize(3).allSatisfy((page) -> assertThat(page.parent().getTopic()).isEqualTo("errors"));
		});
	}

	@Test
	void aMeaningNoWordSharesIsFoundByTheVectorSideAlone() {
		this.runner.run((context) -> {
			String query = "when will I be reimbursed";
			assertThat(textRanking(query, "english", 40, null)).as("chunks matching the words").isEmpty();
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			assertThat(articles.findHybridParents(query, 1)).singleElement()
				.satisfies((best) -> assertThat(best.parent().getId()).isEqualTo(2L));
			assertThat(uuids(articles.findHybrid(query, 5))).isEqualTo(uuids(articles.findNearest(query, 5)));
		});
	}

	@Test
	void fusedScoresAreReciprocalRankFusionOfTheTwoRankings() {
		this.runner.run((context) -> {
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			for (String query : List.of("upload rejected", "how do I change my password", "token key minute")) {
				assertThat(scores(articles.searchHybrid(query, 6)))
					.as(query)
					.containsExactlyEntriesOf(fusion(query, "english", 6, 40, 60, 1, 1, null));
			}
		});
	}

	@Test
	void theSettingsChangeTheFusion() {
		this.runner
			.withPropertyValues("pgai.search.hybrid.rrf-k=5", "pgai.search.hybrid.candidates=4",
					"pgai.search.hybrid.vector-weight=0.5", "pgai.search.hybrid.text-weight=2")
			.run((context) -> {
				EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
				Map<UUID, Double> expected = fusion("upload rejected file", "english", 6, 6, 5, 0.5, 2, null);
				assertThat(expected).isNotEqualTo(fusion("upload rejected file", "english", 6, 40, 60, 1, 1, null));
				assertThat(scores(articles.searchHybrid("upload rejected file", 6))).containsExactlyEntriesOf(expected);
			});
	}

	@Test
	void aFilterAppliesToBothRankings() {
		this.runner.withPropertyValues("pgai.parent-fetch=eager").run((context) -> {
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			Specification<HelpArticle> errors = (article, query, cb) -> cb.equal(article.get("topic"), "errors");
			SearchResults<Embedding<HelpArticle>> results = articles.searchHybrid("upload failed", 4, errors);
			assertThat(results.getContent()).allSatisfy(
					(result) -> assertThat(result.getContent().getParent().getTopic()).isEqualTo("errors"));
			assertThat(scores(results)).containsExactlyEntriesOf(fusion("upload failed", "english", 4, 40, 60, 1, 1,
					"id in (select id from help_articles where topic = 'errors')"));
			assertThat(uuids(articles.findHybrid("upload failed", 4, errors))).isEqualTo(uuids(results));
		});
	}

	@Test
	void parentsComeOnceWithTheirBestFusedChunk() {
		this.runner.withPropertyValues("pgai.parent-fetch=eager").run((context) -> {
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			String query = "upload error file too large";
			Map<UUID, Double> chunks = fusion(query, "english", 1000, 40, 60, 1, 1, null);
			Map<Long, UUID> bestChunkOfParent = new LinkedHashMap<>();
			Map<UUID, Long> parentOf = parentOfEachChunk();
			chunks.keySet().forEach((chunk) -> bestChunkOfParent.putIfAbsent(parentOf.get(chunk), chunk));
			List<NearestParent<HelpArticle>> parents = articles.findHybridParents(query, 3);
			assertThat(parents).extracting((parent) -> parent.parent().getId())
				.containsExactlyElementsOf(bestChunkOfParent.keySet().stream().limit(3).toList());
			assertThat(parents).allSatisfy((parent) -> {
				assertThat(parent.chunk().getEmbeddingUuid()).isEqualTo(bestChunkOfParent.get(parent.parent().getId()));
				assertThat(parent.score().getValue()).isEqualTo(chunks.get(parent.chunk().getEmbeddingUuid()));
			});
			Specification<HelpArticle> notErrors = (article, q, cb) -> cb.notEqual(article.get("topic"), "errors");
			assertThat(articles.findHybridParents(query, 3, notErrors))
				.allSatisfy((parent) -> assertThat(parent.parent().getTopic()).isNotEqualTo("errors"));
		});
	}

	@Test
	void derivedHybridSearchesFilterBothRankings() {
		this.runner.withPropertyValues("pgai.parent-fetch=eager")
			.withUserConfiguration(HelpSearchesConfiguration.class)
			.run((context) -> {
				HelpSearches searches = context.getBean(HelpSearches.class);
				String query = "upload failed";
				assertThat(uuids(searches.findHybridByParentTopic(query, 4, "errors")))
					.containsExactlyElementsOf(fusion(query, "english", 4, 40, 60, 1, 1,
							"id in (select id from help_articles where topic = 'errors')").keySet());
				assertThat(scores(searches.searchHybridByParentTopicIn(query, Limit.of(3), List.of("api", "billing"))))
					.containsExactlyEntriesOf(fusion(query, "english", 3, 40, 60, 1, 1,
							"id in (select id from help_articles where topic in ('api', 'billing'))"));
				assertThat(searches.findHybridParentsByParentTopicNot(query, 3, "errors")).hasSize(3)
					.allSatisfy((parent) -> assertThat(parent.parent().getTopic()).isNotEqualTo("errors"));
			});
	}

	@Test
	void stopWordsOrExclusionsAloneAreSearchedByMeaning() {
		this.runner.run((context) -> {
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			assertThat(uuids(articles.findHybrid("the of and", 5))).isEqualTo(uuids(articles.findNearest("the of and", 5)));
			assertThat(articles.findHybrid("?!", 3)).hasSize(3);
			// Words that only exclude match nearly every chunk, each ranked 0: no text side either.
			assertThat(textRanking("-upload", "english", 40, null)).hasSizeGreaterThan(ARTICLES.length);
			assertThat(uuids(articles.findHybrid("-upload", 5))).isEqualTo(uuids(articles.findNearest("-upload", 5)));
		});
	}

	@Test
	void aBlankQueryIsRejectedBeforeAnySql() {
		this.runner.run((context) -> {
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			assertThatIllegalArgumentException().isThrownBy(() -> articles.findHybrid(" ", 3))
				.withMessage("The query text must not be blank");
			assertThatIllegalArgumentException().isThrownBy(() -> articles.findHybrid("refund", 0))
				.withMessageContaining("k must be between 1 and 1000");
			assertThat(statements.prepared()).isZero();
		});
	}

	@Test
	void repeatedSearchesReuseTheirTranslatedPlan() {
		this.runner.run((context) -> {
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			Specification<HelpArticle> billing = (article, query, cb) -> cb.equal(article.get("topic"), "billing");
			articles.findHybrid("refund", 5);
			articles.findHybrid("refund", 5, billing);
			articles.findHybridParents("refund", 5);
			Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
			articles.findHybrid("invoice", 5);
			articles.findHybrid("invoice", 5, billing);
			articles.findHybridParents("invoice", 5);
			assertThat(statements.plansTranslated()).isZero();
			assertThat(statements.cachedPlansUsed()).isEqualTo(3);
		});
	}

	@Test
	void aStoreWithItsOwnTextSearchConfigurationMatchesInIt(CapturedOutput output) {
		this.runner.run((context) -> {
			EmbeddingRepository<GermanArticle> articles = repository(context, GermanArticle.class);
			String query = "Häuser";
			String store = "german_articles_embedding_store";
			assertThat(textRanking(store, query, "english", 40, null)).isEmpty();
			assertThat(textRanking(store, query, "german", 40, null)).hasSize(1);
			assertThat(scores(articles.searchHybrid(query, 3)))
				.containsExactlyEntriesOf(fusion("german_articles_embedding_store", query, "german", 3, 40, 60, 1, 1, null));
			assertThat(output).contains("Embedding store german_articles_embedding_store of GermanArticle.bodyEmbeddings "
					+ "has no GIN index for hybrid searches in text search configuration 'german' "
					+ "(@VectorizerRelationship(textSearchConfig) of GermanArticle.bodyEmbeddings)")
				.contains("create index concurrently german_articles_embedding_store_chunk_tsv_idx on "
						+ "public.german_articles_embedding_store using gin (to_tsvector('german'::regconfig, chunk))")
				.doesNotContain("Embedding store help_articles_embedding_store");
		});
	}

	@Test
	void aDeclaredHybridSearchOfAStoreWithoutItsTextIndexIsAWarningAtStartup(CapturedOutput output) {
		this.runner.withUserConfiguration(GermanSearchesConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			// No search has run: the warning comes from the declared findHybridBy... method.
			assertThat(output).contains("Embedding store german_articles_embedding_store of GermanArticle.bodyEmbeddings "
					+ "has no GIN index for hybrid searches in text search configuration 'german'");
			assertThat(context.getBean(GermanSearches.class).findHybridByParentBodyContaining("Häuser", 3, "See"))
				.singleElement()
				.satisfies((chunk) -> assertThat(chunk.getChunk()).contains("Haus am See"));
		});
	}

	@Test
	void withoutAConfiguredOneTheDatabasesDefaultConfigurationIsUsed() {
		this.withDatabaseDefault.run((context) -> {
			String databaseDefault = this.jdbc
				.queryForObject("select current_setting('default_text_search_config')::regconfig::text", String.class);
			EmbeddingRepository<HelpArticle> articles = repository(context, HelpArticle.class);
			assertThat(scores(articles.searchHybrid("invoices emailed", 4)))
				.containsExactlyEntriesOf(fusion("invoices emailed", databaseDefault, 4, 40, 60, 1, 1, null));
		});
	}

	@Test
	void theGinAndHnswIndexesServeTheTwoSides() {
		this.runner.withPropertyValues("spring.datasource.hikari.connection-init-sql=set enable_seqscan = off")
			.run((context) -> {
				Map<String, Long> before = indexScans();
				repository(context, HelpArticle.class).findHybrid("rate limit status", 3);
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					Map<String, Long> after = indexScans();
					assertThat(after.get("gin")).as("GIN index scans").isGreaterThan(before.get("gin"));
					assertThat(after.get("hnsw")).as("HNSW index scans").isGreaterThan(before.get("hnsw"));
				});
			});
	}

	private static Map<String, Long> indexScans() {
		Map<String, Long> scans = new HashMap<>();
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement statement = connection.prepareStatement("select a.amname, s.idx_scan "
						+ "from pg_stat_user_indexes s join pg_class c on c.oid = s.indexrelid "
						+ "join pg_am a on a.oid = c.relam where s.relname = ?")) {
			statement.setString(1, STORE);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					scans.put(rs.getString(1), rs.getLong(2));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return scans;
	}

	private static Map<UUID, Double> fusion(String query, String config, int k, int candidates, int rrfK,
			double vectorWeight, double textWeight, String filter) {
		return fusion(STORE, query, config, k, candidates, rrfK, vectorWeight, textWeight, filter);
	}

	/**
	 * Reciprocal Rank Fusion computed here, from a plain nearest-neighbour ranking and a plain
	 * full-text ranking of the store.
	 */
	private static Map<UUID, Double> fusion(String store, String query, String config, int k, int candidates,
			int rrfK, double vectorWeight, double textWeight, String filter) {
		Map<UUID, Double> scores = new HashMap<>();
		List<UUID> nearest = vectorRanking(store, query, candidates, filter);
		List<UUID> matching = textRanking(store, query, config, candidates, filter);
		for (int i = 0; i < nearest.size(); i++) {
			scores.merge(nearest.get(i), vectorWeight / (rrfK + i + 1), Double::sum);
		}
		for (int i = 0; i < matching.size(); i++) {
			scores.merge(matching.get(i), textWeight / (rrfK + i + 1), Double::sum);
		}
		Map<UUID, Double> fused = new LinkedHashMap<>();
		scores.entrySet()
			.stream()
			.sorted(Map.Entry.<UUID, Double>comparingByValue()
				.reversed()
				.thenComparing(Map.Entry.comparingByKey(Comparator.comparing(UUID::toString))))
			.limit(k)
			.forEach((entry) -> fused.put(entry.getKey(), entry.getValue()));
		return fused;
	}

	private static List<UUID> vectorRanking(String store, String query, int candidates, String filter) {
		return uuids("select embedding_uuid from " + store + where(filter) + " order by embedding <=> ? limit ?",
				new PGvector(MODEL.embed(query).content().vector()), candidates);
	}

	private static List<UUID> textRanking(String query, String config, int candidates, String filter) {
		return textRanking(STORE, query, config, candidates, filter);
	}

	private static List<UUID> textRanking(String store, String query, String config, int candidates,
			String filter) {
		String document = "to_tsvector('" + config + "', chunk)";
		String words = "websearch_to_tsquery('" + config + "', ?)";
		return uuids("select embedding_uuid from " + store + " where " + document + " @@ " + words
				+ ((filter != null) ? " and " + filter : "") + " order by ts_rank_cd(" + document + ", " + words
				+ ") desc, embedding_uuid limit ?", query, query, candidates);
	}

	private static String where(String filter) {
		return (filter != null) ? " where " + filter : "";
	}

	private static List<UUID> uuids(String sql, Object... parameters) {
		List<UUID> uuids = new ArrayList<>();
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					uuids.add(rs.getObject(1, UUID.class));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return uuids;
	}

	private static Map<UUID, Long> parentOfEachChunk() {
		Map<UUID, Long> parents = new HashMap<>();
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement statement = connection
					.prepareStatement("select embedding_uuid, id from " + STORE)) {
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					parents.put(rs.getObject(1, UUID.class), rs.getLong(2));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return parents;
	}

	private static Map<UUID, Double> scores(SearchResults<? extends Embedding<?>> results) {
		Map<UUID, Double> scores = new LinkedHashMap<>();
		for (SearchResult<? extends Embedding<?>> result : results) {
			scores.put(result.getContent().getEmbeddingUuid(), result.getScore().getValue());
		}
		return scores;
	}

	private static List<UUID> uuids(Iterable<? extends Embedding<?>> embeddings) {
		List<UUID> uuids = new ArrayList<>();
		embeddings.forEach((embedding) -> uuids.add(embedding.getEmbeddingUuid()));
		return uuids;
	}

	private static List<UUID> uuids(SearchResults<? extends Embedding<?>> results) {
		return uuids(results.getContent().stream().map(SearchResult::getContent).toList());
	}

	@SuppressWarnings("unchecked")
	private static <P> EmbeddingRepository<P> repository(AssertableApplicationContext context, Class<P> type) {
		return (EmbeddingRepository<P>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, type))
			.getObject();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = HelpArticle.class)
	static class HelpConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = HelpSearches.class)
	static class HelpSearchesConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = GermanSearches.class)
	static class GermanSearchesConfiguration {

	}

}
