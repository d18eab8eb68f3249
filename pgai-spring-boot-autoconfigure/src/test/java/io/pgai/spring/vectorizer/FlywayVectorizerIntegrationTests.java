package io.pgai.spring.vectorizer;

import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.vectorizer.entity.Story;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference document's workflow: a Flyway migration calls {@code ai.create_vectorizer}, the
 * starter installs the {@code ai} schema before Flyway runs, and JPA maps the store it made.
 */
class FlywayVectorizerIntegrationTests {

	@BeforeEach
	void cleanDatabase() {
		JdbcTemplate jdbc = Jdbc.template();
		try {
			jdbc.execute("drop schema if exists ai cascade");
			jdbc.execute("drop table if exists flyway_schema_history, stories_embedding_store, story_titles_store, "
					+ "stories cascade");
		}
		finally {
			Jdbc.close(jdbc);
		}
	}

	@Test
	void aFlywayMigrationCreatesTheVectorizerTheEntityMaps() {
		JpaContextRunners.withDatabase()
			.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues("spring.flyway.locations=classpath:io/pgai/spring/vectorizer/migration",
					"spring.flyway.baseline-on-migrate=true", "spring.flyway.baseline-version=0")
			.withUserConfiguration(StoryConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
				assertThat(jdbc.queryForList("select name from ai.vectorizer order by id", String.class))
					.containsExactly("public_stories_embedding_store", "story_titles");
				assertThat(jdbc.queryForObject("select to_regclass('story_titles_store') is not null "
						+ "and to_regclass('story_titles') is not null", Boolean.class)).isTrue();
				assertThat(jdbc.queryForObject("select pending_items from ai.vectorizer_status where name = "
						+ "'public_stories_embedding_store'", Long.class)).isEqualTo(2);
				EmbeddingRepository<?> stories = (EmbeddingRepository<?>) context
					.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, Story.class))
					.getObject();
				assertThat(stories.count()).isZero();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Story.class)
	static class StoryConfiguration {

	}

}
