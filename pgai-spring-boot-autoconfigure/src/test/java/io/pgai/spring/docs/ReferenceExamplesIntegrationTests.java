package io.pgai.spring.docs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the documentation's examples against the blog of pgai's guide.
 */
class ReferenceExamplesIntegrationTests {

	@BeforeEach
	void createBlog() {
		Sql.run("drop table if exists blog_posts_embedding_store", "drop table if exists blog_posts",
				"create table blog_posts (id bigserial primary key, title text not null, content text not null)", """
						create table blog_posts_embedding_store (embedding_uuid uuid primary key default gen_random_uuid(),
						    id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(3) not null)""",
				"insert into blog_posts values (1, 'Search term in a title', 'x'), (2, 'Other', 'y')",
				"insert into blog_posts_embedding_store (id, chunk_seq, chunk, embedding) values "
						+ "(1, 0, 'first chunk', '[3,1,2]'), (1, 1, 'second chunk', '[1,1,1]'), (2, 0, 'other', '[0,0,1]')");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theDocumentedExamplesRun() {
		JpaContextRunners.withDatabase()
			.withUserConfiguration(Blog.class)
			.withBean(QueryEmbedder.class, () -> (text, store) -> new float[] { 3, 1, 2 })
			.run((context) -> {
				EntityManager entityManager = SharedEntityManagerCreator
					.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
				ReferenceExamples examples = new ReferenceExamples(entityManager,
						(EmbeddingRepository<BlogPost>) context
							.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, BlogPost.class))
							.getObject());
				TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
				assertThat(examples.similarPosts(new float[] { 3, 1, 2 })).extracting(Embedding::getChunk)
					.startsWith("first chunk");
				assertThat(examples.similarPosts("search query")).extracting(Embedding::getChunk).startsWith("first chunk");
				assertThat(examples.bestPosts("search query")).extracting((p) -> p.parent().getId()).containsExactly(1L, 2L);
				assertThat(printed(examples::printAllEmbeddings)).contains("first chunk", "second chunk", "other", "3");
				assertThat(printed(() -> transaction.executeWithoutResult((s) -> examples.printChunksOfFirstPost())))
					.isEqualTo("first chunk\nsecond chunk\n");
				assertThat(printed(() -> transaction
					.executeWithoutResult((s) -> examples.printTitlesOfSimilarPosts(new float[] { 3, 1, 2 }))))
					.startsWith("Search term in a title\n");
				List<Object[]> rows = examples.postsAndChunksTitled("Search Term");
				assertThat(rows).hasSize(2).allSatisfy((row) -> assertThat(((BlogPost) row[0]).getId()).isEqualTo(1L));
			});
	}

	private static String printed(Runnable example) {
		PrintStream original = System.out;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		try {
			example.run();
		}
		finally {
			System.setOut(original);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	static class Blog {

	}

}
