package io.pgai.spring.vectorizer.worker;

import java.time.Duration;
import java.util.List;

import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.test.Waiter;
import io.pgai.spring.vectorizer.AiSchemaInstaller;
import io.pgai.spring.vectorizer.worker.entity.Post;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference document end to end with the real in-process model: posts, a vectorizer created
 * in SQL, the worker filling the store, and semantic search whose query words are not in the post.
 */
class LocalModelVectorizerIntegrationTests {

	private static final String[][] POSTS = {
			{ "Cooking pasta", "Bring salted water to a rolling boil and cook the spaghetti until al dente. "
					+ "Toss it with garlic, olive oil and parmesan." },
			{ "Fixing a bicycle", "Take the wheel off, find the hole in the inner tube, patch it and pump the tyre "
					+ "back up before riding again." },
			{ "Growing tomatoes", "Plant seedlings in full sun, water the beds every morning and tie the stems to "
					+ "stakes as they grow." },
			{ "Tuning PostgreSQL", "Create an index on the columns your slow queries filter by and check the plan "
					+ "with explain analyze." },
			{ "Training for a marathon", "Build weekly mileage slowly, add one long run each weekend and rest "
					+ "before race day." },
			{ "Caring for a puppy", "Feed small meals several times a day, take it outside often and reward calm "
					+ "behaviour with treats." } };

	@BeforeEach
	void createPostsAndVectorizer() {
		JdbcTemplate jdbc = Jdbc.template();
		try {
			jdbc.execute("drop schema if exists ai cascade");
			jdbc.execute("drop table if exists worker_posts, worker_posts_embedding_store cascade");
			TestDatabase database = TestDatabase.get();
			new AiSchemaInstaller(new DriverManagerDataSource(database.url(), database.username(),
					database.password()))
				.install();
			jdbc.execute("create table worker_posts (id bigint primary key, title text not null, content text not null)");
			for (int i = 0; i < POSTS.length; i++) {
				jdbc.update("insert into worker_posts values (?, ?, ?)", (long) i + 1, POSTS[i][0], POSTS[i][1]);
			}
			jdbc.execute("""
					SELECT ai.create_vectorizer(
					    'worker_posts'::regclass,
					    loading => ai.loading_column('content'),
					    embedding => ai.embedding_local('all-MiniLM-L6-v2', 384),
					    chunking => ai.chunking_recursive_character_text_splitter(50, 10)
					)""");
		}
		finally {
			Jdbc.close(jdbc);
		}
	}

	@Test
	void theWorkerFillsTheStoreAndTextSearchFindsPostsByMeaning() {
		JpaContextRunners.withDatabase()
			.withUserConfiguration(PostConfiguration.class)
			.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.vectorizer.worker.poll-interval=100ms")
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
				Waiter.until("the backfill", Duration.ofSeconds(60), () -> jdbc.queryForObject(
						"select ai.vectorizer_queue_pending('public_worker_posts_embedding_store', true)", Long.class) == 0);
				assertThat(jdbc.queryForObject("select count(distinct id) from worker_posts_embedding_store", Long.class))
					.isEqualTo(POSTS.length);
				assertThat(jdbc.queryForObject("select max(length(chunk)) from worker_posts_embedding_store",
						Integer.class)).isLessThanOrEqualTo(50);
				EmbeddingRepository<Post> posts = repository(context);
				assertThat(titleOfNearest(posts, "an Italian noodle dinner")).isEqualTo("Cooking pasta");
				assertThat(titleOfNearest(posts, "my bike has a flat")).isEqualTo("Fixing a bicycle");
				assertThat(titleOfNearest(posts, "speeding up database lookups")).isEqualTo("Tuning PostgreSQL");
				assertThat(titleOfNearest(posts, "looking after a young dog")).isEqualTo("Caring for a puppy");
				assertThat(posts.findNearest("vegetable garden", 5)).hasSize(5);

				jdbc.update("update worker_posts set content = 'Knead the dough, let it rise overnight and bake the "
						+ "loaf in a hot oven.', title = 'Baking bread' where id = 3");
				Waiter.until("the re-embedding", Duration.ofSeconds(60), () -> jdbc.queryForObject(
						"select count(*) from worker_posts_embedding_store where id = 3 and chunk like '%dough%'",
						Long.class) > 0);
				assertThat(titleOfNearest(posts, "making a sourdough loaf")).isEqualTo("Baking bread");
			});
	}

	private static String titleOfNearest(EmbeddingRepository<Post> posts, String query) {
		List<NearestParent<Post>> nearest = posts.findNearestParents(query, 1);
		return nearest.get(0).parent().getTitle();
	}

	@SuppressWarnings("unchecked")
	private static EmbeddingRepository<Post> repository(AssertableApplicationContext context) {
		return (EmbeddingRepository<Post>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, Post.class))
			.getObject();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Post.class)
	static class PostConfiguration {

	}

}
