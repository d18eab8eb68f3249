package io.pgai.spring.relationship;

import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.test.BlogTables;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.jpa.hibernate.ddl-auto} never touches a store: the vectorizer owns it.
 */
class SchemaGenerationIntegrationTests {

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(BlogConfiguration.class);

	@BeforeEach
	void dropBlog() {
		BlogTables.drop();
	}

	@Test
	void createDropLeavesAnExistingStoreAndItsRowsAlone() {
		BlogTables.createStore("vector(3)");
		Sql.run("insert into blog_posts_embedding_store (id, chunk_seq, chunk, embedding) values (1, 0, 'kept', '[1,2,3]')");
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(tableExists("blog_posts")).isTrue();
		});
		assertThat(tableExists("blog_posts")).isFalse();
		assertThat(jdbc().queryForObject("select chunk from blog_posts_embedding_store", String.class))
			.isEqualTo("kept");
		assertThat(jdbc().queryForObject(
				"select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'blog_posts_embedding_store'::regclass and attname = 'embedding'",
				String.class))
			.isEqualTo("vector(3)");
	}

	@Test
	void updateNeverCreatesAMissingStore() {
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=update", "pgai.validate-stores=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tableExists("blog_posts")).isTrue();
				assertThat(tableExists("blog_posts_embedding_store")).isFalse();
			});
	}

	@Test
	void validateLeavesStoresToThePgaiCheck() {
		BlogTables.createPosts();
		BlogTables.createStore("vector(3)");
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static boolean tableExists(String table) {
		return Boolean.TRUE.equals(jdbc().queryForObject("select to_regclass(?) is not null", Boolean.class, table));
	}

	private static JdbcTemplate jdbc() {
		TestDatabase database = TestDatabase.get();
		return new JdbcTemplate(new SingleConnectionDataSource(database.url(), database.username(),
				database.password(), true));
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	static class BlogConfiguration {

	}

}
