package io.pgai.spring.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pgai.spring.relationship.EmbeddingStoreMismatchException;
import io.pgai.spring.relationship.InvalidVectorizerRelationshipException;
import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.relationship.invalid.identifier.Injected;
import io.pgai.spring.relationship.invalid.shared.Shared;
import io.pgai.spring.relationship.invalid.type.WrongType;
import io.pgai.spring.test.BlogTables;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each startup failure, as the {@link org.springframework.boot.diagnostics.FailureAnalyzer} reports it.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreValidationIntegrationTests {

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase();

	@BeforeEach
	void createPosts() {
		BlogTables.drop();
		BlogTables.createPosts();
		Sql.run("drop schema if exists ai cascade");
		new io.pgai.spring.vectorizer.AiSchemaInstaller(
				new org.springframework.jdbc.datasource.DriverManagerDataSource(TestDatabase.get().url(),
						TestDatabase.get().username(), TestDatabase.get().password()))
			.install();
	}

	@Test
	void missingStoreSuggestsTheCreateVectorizerCall() {
		this.runner.withUserConfiguration(BlogConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyzeMismatch(context);
			assertThat(analysis.getDescription()).contains("BlogPost.contentEmbeddings")
				.contains("entity BlogPostContentEmbeddings")
				.contains("table blog_posts_embedding_store")
				.contains("the table does not exist");
			assertThat(analysis.getAction()).contains("SELECT ai.create_vectorizer(")
				.contains("'blog_posts'::regclass")
				.doesNotContain("destination =>")
				.contains("ai.loading_column('content')")
				.contains("ai.embedding_openai('text-embedding-3-small', 3)");
		});
	}

	@Test
	void aVectorizerWritingElsewhereIsPointedAt() {
		Sql.run("select ai.create_vectorizer('blog_posts'::regclass, name => 'posts_elsewhere', "
				+ "destination => ai.destination_table(target_table => 'posts_chunks', view_name => 'posts_chunks_view'), "
				+ "loading => ai.loading_column('content'), embedding => ai.embedding_openai('m', 3))");
		try {
			this.runner.withUserConfiguration(BlogConfiguration.class).run((context) -> {
				FailureAnalysis analysis = analyzeMismatch(context);
				assertThat(analysis.getAction()).contains("The vectorizer 'posts_elsewhere' on blog_posts writes to "
						+ "public.posts_chunks: point @VectorizerRelationship(targetSchema = \"public\", "
						+ "targetTable = \"posts_chunks\") on BlogPost.contentEmbeddings at it");
			});
		}
		finally {
			Sql.run("select ai.drop_vectorizer('posts_elsewhere', drop_all => true)");
		}
	}

	@Test
	void wrongDimensionsNameBothSizes() {
		BlogTables.createStore("vector(768)");
		this.runner.withUserConfiguration(BlogConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyzeMismatch(context);
			assertThat(analysis.getDescription()).contains("column embedding is vector(768), expected vector(3)");
			assertThat(analysis.getAction()).contains("Set @VectorizerRelationship(dimensions = 768)")
				.contains("BlogPost.contentEmbeddings");
		});
	}

	@Test
	void anUnknownTextSearchConfigurationFailsStartupNamingTheProperty() {
		BlogTables.createStore("vector(3)");
		this.runner.withUserConfiguration(BlogConfiguration.class)
			.withPropertyValues("pgai.search.hybrid.text-search-config=englsh")
			.run((context) -> {
				FailureAnalysis analysis = analyzeMismatch(context);
				assertThat(analysis.getDescription()).contains("BlogPost.contentEmbeddings")
					.contains("the text search configuration 'englsh' of hybrid searches "
							+ "(pgai.search.hybrid.text-search-config) does not exist");
				assertThat(analysis.getAction()).contains("Set pgai.search.hybrid.text-search-config to one of the "
						+ "database's text search configurations: [").contains("english").contains("german");
			});
	}

	@Test
	void aTextIndexInAnotherConfigurationIsWorthAWarning(CapturedOutput output) {
		BlogTables.createStore("vector(3)");
		Sql.run("create index posts_simple_idx on blog_posts_embedding_store using gin (to_tsvector('simple', chunk))");
		this.runner.withUserConfiguration(BlogConfiguration.class)
			.withPropertyValues("pgai.search.hybrid.text-search-config=english")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Embedding store blog_posts_embedding_store of BlogPost.contentEmbeddings "
						+ "has text indexes [CREATE INDEX posts_simple_idx ON public.blog_posts_embedding_store USING gin "
						+ "(to_tsvector('simple'::regconfig, chunk))] but none in text search configuration 'english' "
						+ "(pgai.search.hybrid.text-search-config), so its hybrid searches read every chunk. Create one: "
						+ "create index concurrently blog_posts_embedding_store_chunk_tsv_idx on "
						+ "public.blog_posts_embedding_store using gin (to_tsvector('english'::regconfig, chunk))");
			});
		this.runner.withUserConfiguration(BlogConfiguration.class)
			.withPropertyValues("pgai.search.hybrid.text-search-config=simple")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.toString().split("has text indexes", -1)).hasSize(2);
	}

	@Test
	void missingOrMistypedColumnsAreListed() {
		Sql.run("create table blog_posts_embedding_store (embedding_uuid uuid primary key, id text, chunk_seq int, embedding vector(3))");
		this.runner.withUserConfiguration(BlogConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyzeMismatch(context);
			assertThat(analysis.getDescription()).contains("column chunk is missing (expected text)")
				.contains("column id is text, expected bigint");
			assertThat(analysis.getAction()).contains("embedding_uuid uuid, id bigint, chunk_seq integer, chunk text, embedding vector(3)");
		});
	}

	@Test
	void aMissingVectorExtensionIsCreatedWhereTheUserMay() {
		String url = createDatabaseWithoutVector();
		this.runner.withUserConfiguration(BlogConfiguration.class)
			.withPropertyValues("spring.datasource.url=" + url)
			.run((context) -> {
				// The extension is there now; what is missing is the store, and the fix says so.
				FailureAnalysis analysis = analyzeMismatch(context);
				assertThat(analysis.getDescription()).contains("the table does not exist")
					.doesNotContain("'vector' type");
				assertThat(analysis.getAction()).contains("spring-boot-starter-flyway")
					.contains("flyway-database-postgresql");
			});
		assertThat(vectorIn(url)).isTrue();
	}

	@Test
	void aMissingVectorExtensionTheUserMayNotCreateFailsStartupNamingTheSql() {
		String url = createDatabaseWithoutVector();
		Sql.run("do $$ begin if not exists (select from pg_roles where rolname = 'pgai_no_ddl') then "
				+ "create role pgai_no_ddl login password 'no-ddl'; end if; end $$",
				"grant connect on database pgai_no_vector to pgai_no_ddl");
		this.runner.withUserConfiguration(BlogConfiguration.class)
			.withPropertyValues("spring.datasource.url=" + url.replaceAll("([?&])user=[^&]*&?", "$1"),
					"spring.datasource.username=pgai_no_ddl", "spring.datasource.password=no-ddl")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new VectorExtensionMissingFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
				assertThat(analysis.getDescription()).contains("The database pgai_no_vector has no vector extension")
					.contains("pgai_no_ddl could not create it")
					.contains("permission denied");
				assertThat(analysis.getAction()).contains("CREATE EXTENSION IF NOT EXISTS vector;");
			});
		assertThat(vectorIn(url)).isFalse();
	}

	@Test
	void withoutTheInstallerAMissingVectorExtensionIsNamedByTheStoreCheck() {
		String url = createDatabaseWithoutVector();
		this.runner.withUserConfiguration(BlogConfiguration.class)
			.withPropertyValues("spring.datasource.url=" + url, "pgai.vectorizer.install=false")
			.run((context) -> {
				FailureAnalysis analysis = analyzeMismatch(context);
				assertThat(analysis.getDescription()).contains("the database has no 'vector' type");
				assertThat(analysis.getAction()).contains("CREATE EXTENSION IF NOT EXISTS vector;")
					.contains("spring-boot-starter-flyway");
			});
	}

	private static boolean vectorIn(String url) {
		TestDatabase main = TestDatabase.get();
		try (var connection = new TestDatabase(url, main.username(), main.password(), main.source()).open();
				var rs = connection.createStatement()
					.executeQuery("select exists (select 1 from pg_extension where extname = 'vector')")) {
			rs.next();
			return rs.getBoolean(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void sqlInATargetTableIsRejectedNotExecuted() {
		this.runner.withUserConfiguration(InjectedConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyzeInvalid(context);
			assertThat(analysis.getDescription()).contains("Injected.textEmbeddings")
				.contains("not a plain SQL identifier")
				.contains("'x; drop table blog_posts; --'");
			assertThat(analysis.getAction()).contains("letters, digits");
		});
		assertThat(tableCount("blog_posts")).isOne();
	}

	@Test
	void aFieldOfTheWrongTypeIsRejected() {
		this.runner.withUserConfiguration(WrongTypeConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyzeInvalid(context);
			assertThat(analysis.getDescription()).contains("WrongType.textEmbeddings")
				.contains("java.util.List<java.lang.String>");
			assertThat(analysis.getAction()).contains("List<Embedding<WrongType>> textEmbeddings;");
		});
	}

	@Test
	void twoRelationshipsOnOneStoreAreRejected() {
		this.runner.withUserConfiguration(SharedConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyzeInvalid(context);
			assertThat(analysis.getDescription())
				.contains("both Shared.titleEmbeddings and Shared.bodyEmbeddings map to the store table");
			assertThat(analysis.getAction()).contains("targetTable");
		});
	}

	@Test
	void aTableNamePatternWithoutThePlaceholderIsRejected() {
		this.runner.withUserConfiguration(BlogConfiguration.class)
			.withPropertyValues("pgai.table-name-pattern=embeddings")
			.run((context) -> {
				FailureAnalysis analysis = analyzeInvalid(context);
				assertThat(analysis.getDescription()).contains("pgai.table-name-pattern").contains("'embeddings'");
				assertThat(analysis.getAction()).contains("{table}_embedding_store");
			});
	}

	private static FailureAnalysis analyzeMismatch(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause().isInstanceOf(EmbeddingStoreMismatchException.class);
		FailureAnalysis analysis = new EmbeddingStoreMismatchFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static FailureAnalysis analyzeInvalid(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InvalidVectorizerRelationshipFailureAnalyzer()
			.analyze(context.getStartupFailure());
		assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
		assertThat(analysis.getCause()).isInstanceOf(InvalidVectorizerRelationshipException.class);
		return analysis;
	}

	private static long tableCount(String table) {
		try (var connection = TestDatabase.get().open();
				var rs = connection.createStatement()
					.executeQuery("select count(*) from pg_tables where tablename = '" + table + "'")) {
			rs.next();
			return rs.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String createDatabaseWithoutVector() {
		String database = "pgai_no_vector";
		try (var connection = TestDatabase.get().open(); var statement = connection.createStatement()) {
			// Afresh each time: an earlier test may have created the extension in it.
			statement.execute("drop database if exists " + database + " with (force)");
			statement.execute("create database " + database);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
		Matcher matcher = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)").matcher(TestDatabase.get().url());
		assertThat(matcher.matches()).isTrue();
		return matcher.group(1) + database + matcher.group(3);
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	static class BlogConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Injected.class)
	static class InjectedConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = WrongType.class)
	static class WrongTypeConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Shared.class)
	static class SharedConfiguration {

	}

}
