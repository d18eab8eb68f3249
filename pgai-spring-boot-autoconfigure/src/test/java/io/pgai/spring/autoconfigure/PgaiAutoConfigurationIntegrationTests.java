package io.pgai.spring.autoconfigure;

import java.util.List;

import io.pgai.spring.relationship.EmbeddingStoreSettings;
import io.pgai.spring.relationship.EmbeddingStoreValidator;
import io.pgai.spring.relationship.VectorizerRelationshipScanner;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.test.BlogTables;
import io.pgai.spring.test.JpaContextRunners;
import jakarta.persistence.FetchType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PgaiAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(BlogConfiguration.class);

	@BeforeEach
	void createBlog() {
		BlogTables.drop();
		BlogTables.createPosts();
		BlogTables.createStore("vector(3)");
	}

	@Test
	void relationshipsOfTheEntityScanAreMapped() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			VectorizerRelationships relationships = context.getBean(VectorizerRelationships.class);
			assertThat(relationships.definitions()).singleElement().satisfies((definition) -> {
				assertThat(definition.storeEntityName()).isEqualTo("BlogPostContentEmbeddings");
				assertThat(definition.table()).isEqualTo("blog_posts_embedding_store");
				assertThat(definition.dimensions()).isEqualTo(3);
			});
			assertThat(context).hasSingleBean(EmbeddingStoreValidator.class);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheRelationships() {
		this.runner.withUserConfiguration(CustomRelationshipsConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(VectorizerRelationships.class);
			assertThat(context.getBean(VectorizerRelationships.class).definitions()).singleElement()
				.satisfies((definition) -> assertThat(definition.fetch()).isEqualTo(FetchType.EAGER));
		});
	}

	@Test
	void validationBacksOffWhenDisabled() {
		BlogTables.drop();
		BlogTables.createPosts();
		this.runner.withPropertyValues("pgai.validate-stores=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EmbeddingStoreValidator.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	static class BlogConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRelationshipsConfiguration {

		@Bean
		VectorizerRelationships vectorizerRelationships() {
			EmbeddingStoreSettings settings = EmbeddingStoreSettings.defaults().withFetch(FetchType.EAGER);
			return new VectorizerRelationships(new VectorizerRelationshipScanner(settings).scan(List.of(BlogPost.class)));
		}

	}

}
