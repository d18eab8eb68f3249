package io.pgai.spring.liquibase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.liquibase.blog.BlogPost;
import io.pgai.spring.test.CatalogQueries;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference document's workflow with Liquibase as the application's only migration tool (the
 * class path of these tests has no Flyway): the starter installs the {@code ai} schema before
 * Liquibase runs, a changelog in each of Liquibase's formats creates the table and its vectorizer
 * with {@code createVectorizer}, JPA validates the store it made, the worker fills it and the
 * repository searches it.
 */
class LiquibaseVectorizerApplicationIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private FakeEmbeddingApi api;

	/** A database of its own, without even the ai schema, as a new application's is. */
	private TestDatabase database;

	@BeforeEach
	void freshDatabase() throws Exception {
		this.api = new FakeEmbeddingApi(768);
		this.database = TestDatabase.fresh("liquibase_application");
	}

	@AfterEach
	void closeApi() {
		this.api.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "blog.xml", "blog.yaml", "blog.json" })
	void aChangelogCreatesTheReferenceVectorizerWhoseStoreTheWorkerFillsAndTheRepositorySearches(String changelog) {
		assertThat(ClassUtils.isPresent("org.flywaydb.core.Flyway", null)).as("Flyway on the class path").isFalse();
		JpaContextRunners.withDatabase()
			.withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
			.withPropertyValues(this.database.datasourceProperties())
			.withPropertyValues("spring.liquibase.change-log=classpath:io/pgai/spring/liquibase/" + changelog,
					"spring.liquibase.parameters.openaiBaseUrl=" + this.api.baseUrl() + "/v1",
					"pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms",
					"pgai.vectorizer.worker.shutdown-timeout=2s", "TEST_OPENAI_KEY=sk-test")
			.withUserConfiguration(BlogConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(column("select name || ' ' || (config->'embedding')::text from ai.vectorizer"))
					.singleElement()
					.asString()
					.startsWith("public_blog_posts_embedding_store {")
					.contains("\"model\": \"text-embedding-3-small\"", "\"dimensions\": 768",
							"\"base_url\": \"" + this.api.baseUrl() + "/v1\"");
				var transactions = new org.springframework.transaction.support.TransactionTemplate(
						context.getBean(org.springframework.transaction.PlatformTransactionManager.class));
				var entityManager = org.springframework.orm.jpa.SharedEntityManagerCreator
					.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
				transactions.executeWithoutResult((status) -> {
					entityManager.persist(new BlogPost("Tabs", "Tabs or spaces? Indentation is a matter of taste and of team habits."));
					entityManager.persist(new BlogPost("Vectors", "Vector search finds documents by meaning rather than by their words."));
				});
				assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(WAIT)).isTrue();

				List<String> chunks = column("select chunk from blog_posts_embedding_store order by id, chunk_seq");
				assertThat(chunks).hasSizeGreaterThan(2).allSatisfy((chunk) -> assertThat(chunk.length()).isLessThanOrEqualTo(50));
				assertThat(column("select distinct id::text from blog_posts_embedding_store order by 1")).hasSize(2);
				// every vector is the provider's for its chunk: the worker embedded what the changelog configured
				assertEveryVectorIsTheProvidersForItsChunk();

				@SuppressWarnings("unchecked")
				EmbeddingRepository<BlogPost> posts = (EmbeddingRepository<BlogPost>) context
					.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, BlogPost.class))
					.getObject();
				String vectorChunk = chunks.stream().filter((chunk) -> chunk.contains("meaning")).findFirst().orElseThrow();
				List<Embedding<BlogPost>> nearest = posts.findNearest(vectorChunk, 1);
				assertThat(nearest).singleElement().satisfies((embedding) -> {
					assertThat(embedding.getChunk()).isEqualTo(vectorChunk);
					assertThat(embedding.getParentId().toString())
						.isEqualTo(column("select id from blog_posts where title = 'Vectors'").get(0));
				});
			});
	}

	private void assertEveryVectorIsTheProvidersForItsChunk() throws SQLException {
		try (Connection connection = this.database.open(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select chunk, embedding::real[] from blog_posts_embedding_store")) {
			int rows = 0;
			while (rs.next()) {
				Float[] stored = (Float[]) rs.getArray(2).getArray();
				float[] expected = this.api.vectorOf(rs.getString(1));
				assertThat(stored).hasSize(expected.length);
				for (int i = 0; i < expected.length; i++) {
					assertThat(stored[i]).isEqualTo(expected[i]);
				}
				rows++;
			}
			assertThat(rows).isPositive();
		}
	}

	private List<String> column(String sql) throws SQLException {
		return CatalogQueries.column(this.database, sql);
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	static class BlogConfiguration {

	}

}
