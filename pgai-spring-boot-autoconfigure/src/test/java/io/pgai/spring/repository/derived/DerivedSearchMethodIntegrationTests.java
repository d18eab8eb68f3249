package io.pgai.spring.repository.derived;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.repository.InvalidEmbeddingRepositoryMethodException;
import io.pgai.spring.repository.derived.badhybrid.BadHybrid;
import io.pgai.spring.repository.derived.badname.BadName;
import io.pgai.spring.repository.derived.badparameters.BadParameters;
import io.pgai.spring.repository.derived.badproperty.BadProperty;
import io.pgai.spring.repository.derived.badreturn.BadReturn;
import io.pgai.spring.repository.derived.unsupported.Unsupported;
import io.pgai.spring.repository.derived.valid.PostEmbeddings;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Vector;

import static org.assertj.core.api.Assertions.assertThat;

class DerivedSearchMethodIntegrationTests {

	private static final float[] QUERY = { 1, 0, 0 };

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase();

	@BeforeAll
	static void createBlog() {
		Sql.run("drop table if exists blog_posts_embedding_store", "drop table if exists blog_posts",
				"create table blog_posts (id bigserial primary key, title text not null, content text not null)", """
						create table blog_posts_embedding_store (
						    embedding_uuid uuid not null primary key default gen_random_uuid(),
						    id bigint not null, chunk_seq int not null, chunk text not null,
						    embedding vector(3) not null)""",
				"insert into blog_posts (id, title, content) values (1, 'Pasta tips', 'a'), (2, 'Bread tips', 'b'), "
						+ "(3, 'pasta 100%_sure', 'c'), (4, 'Garden', 'd')",
				"insert into blog_posts_embedding_store (id, chunk_seq, chunk, embedding) values "
						+ "(1, 0, '1.0', '[1,0.1,0]'), (1, 1, '1.1', '[1,0.3,0]'), (2, 0, '2.0', '[1,0,0]'), "
						+ "(3, 0, '3.0', '[1,0.2,0]'), (4, 0, '4.0', '[0,1,0]'), (4, 1, '4.1', '[1,0.05,0]')");
	}

	@Test
	void derivedMethodsFilterOnTheParentInTheSearch() {
		this.runner.withUserConfiguration(ValidConfiguration.class).run((context) -> {
			PostEmbeddings posts = context.getBean(PostEmbeddings.class);
			assertThat(posts.findNearestByParentTitleContaining(QUERY, 10, "tips")).extracting(Embedding::getChunk)
				.containsExactly("2.0", "1.0", "1.1");
			assertThat(posts.findNearestByParentTitleContaining(QUERY, 10, "100%_")).extracting(Embedding::getChunk)
				.containsExactly("3.0");
			SearchResults<Embedding<BlogPost>> scored = posts
				.searchNearestByParentTitleStartingWithIgnoreCase(Vector.of(QUERY), Limit.of(1), "PASTA");
			assertThat(scored.contentStream().map(Embedding::getChunk)).containsExactly("1.0");
			SearchResults<Embedding<BlogPost>> all = posts.searchNearestByParentTitleContaining(Vector.of(QUERY),
					Score.of(0), Limit.of(10), "tips");
			assertThat(all.getContent()).hasSize(3);
			double second = all.getContent().get(1).getScore().getValue();
			assertThat(posts.searchNearestByParentTitleContaining(Vector.of(QUERY), Score.of(second), Limit.of(10), "tips")
				.contentStream()
				.map(Embedding::getChunk)).containsExactly("2.0", "1.0");
			List<NearestParent<BlogPost>> parents = posts.findNearestParentsByParentIdLessThanAndChunkSeq(QUERY, 5,
					4L, 0);
			assertThat(parents).extracting((p) -> p.parent().getId()).containsExactly(2L, 1L, 3L);
			assertThat(posts.firstChunksNearest(QUERY, 3)).extracting(Embedding::getChunk).containsExactly("2.0", "1.0");
			assertThat(posts.count()).isEqualTo(6);
		});
	}

	@Test
	void theApplicationsRepositoryTakesTheGeneratedOnesPlace() {
		this.runner.withUserConfiguration(ValidConfiguration.class).run((context) -> {
			Object byType = context
				.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, BlogPost.class))
				.getObject();
			assertThat(byType).isSameAs(context.getBean(PostEmbeddings.class))
				.isSameAs(context.getBean("blogPostContentEmbeddingsRepository"))
				.isSameAs(context.getBean("postEmbeddings"));
		});
	}

	@Test
	void aNameThatIsNotASearchFailsAtStartup() {
		this.runner.withUserConfiguration(BadNameConfiguration.class).run((context) -> assertThat(failure(context))
			.hasMessageContaining("BadName.lookupByParentTitle")
			.hasMessageContaining("findNearestBy, searchNearestBy, findNearestParentsBy, findHybridBy, searchHybridBy "
					+ "or findHybridParentsBy"));
	}

	@Test
	void anUnknownPropertyFailsAtStartup() {
		this.runner.withUserConfiguration(BadPropertyConfiguration.class).run((context) -> assertThat(failure(context))
			.hasMessageContaining("BadProperty.findNearestByParentColour")
			.hasMessageContaining("colour"));
	}

	@Test
	void misplacedParametersFailAtStartup() {
		this.runner.withUserConfiguration(BadParametersConfiguration.class)
			.run((context) -> assertThat(failure(context)).hasMessageContaining("BadParameters.findNearestByParentTitle")
				.hasMessageContaining("float[] | String | Vector query, [Score minimum,] int | Limit k, then 1 value(s)"));
	}

	@Test
	void aHybridSearchWithoutQueryTextFailsAtStartup() {
		this.runner.withUserConfiguration(BadHybridConfiguration.class)
			.run((context) -> assertThat(failure(context)).hasMessageContaining("BadHybrid.findHybridByParentTitle")
				.hasMessageContaining("the query of a hybrid search is float[] but its words are matched too, so it "
						+ "must be a String"));
	}

	@Test
	void anUnsupportedConditionFailsAtStartup() {
		this.runner.withUserConfiguration(UnsupportedConfiguration.class)
			.run((context) -> assertThat(failure(context)).hasMessageContaining("REGEX")
				.hasMessageContaining("is not supported"));
	}

	@Test
	void aWrongReturnTypeFailsAtStartup() {
		this.runner.withUserConfiguration(BadReturnConfiguration.class)
			.run((context) -> assertThat(failure(context)).hasMessageContaining("List<Embedding<P>>"));
	}

	private static InvalidEmbeddingRepositoryMethodException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = context.getStartupFailure();
		while (cause != null && !(cause instanceof InvalidEmbeddingRepositoryMethodException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("cause of %s", context.getStartupFailure()).isNotNull();
		return (InvalidEmbeddingRepositoryMethodException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	@AutoConfigurationPackage(basePackageClasses = PostEmbeddings.class)
	static class ValidConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	@AutoConfigurationPackage(basePackageClasses = BadName.class)
	static class BadNameConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	@AutoConfigurationPackage(basePackageClasses = BadProperty.class)
	static class BadPropertyConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	@AutoConfigurationPackage(basePackageClasses = BadParameters.class)
	static class BadParametersConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	@AutoConfigurationPackage(basePackageClasses = BadHybrid.class)
	static class BadHybridConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	@AutoConfigurationPackage(basePackageClasses = Unsupported.class)
	static class UnsupportedConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	@AutoConfigurationPackage(basePackageClasses = BadReturn.class)
	static class BadReturnConfiguration {

	}

}
