package io.pgai.spring.repository;

import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.relationship.multiple.Article;
import io.pgai.spring.relationship.multiple.Note;
import io.pgai.spring.test.BlogTables;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingRepositoryInjectionIntegrationTests {

	private static final String STORE = "(embedding_uuid uuid primary key default gen_random_uuid(), "
			+ "id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(%d) not null)";

	@BeforeEach
	void createTables() {
		BlogTables.drop();
		BlogTables.createPosts();
		BlogTables.createStore("vector(3)");
		Sql.run("drop table if exists notes_title_store", "drop table if exists notes_embedding_store",
				"drop table if exists notes", "drop table if exists articles_embedding_store",
				"drop table if exists articles", "create table notes (id bigint primary key, title text, content text)",
				"create table articles (id bigint primary key, content text)",
				"create table notes_title_store " + STORE.formatted(2),
				"create table notes_embedding_store " + STORE.formatted(3),
				"create table articles_embedding_store " + STORE.formatted(3),
				"insert into notes values (1, 'Groceries', 'Milk')",
				"insert into notes_title_store (id, chunk_seq, chunk, embedding) values (1, 0, 'Groceries', '[1,0]')");
	}

	@Test
	void repositoriesAreInjectedByGenericTypeAndByName() {
		JpaContextRunners.withDatabase().withUserConfiguration(Entities.class, Consumers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasBean("blogPostContentEmbeddingsRepository")
				.hasBean("noteTitleEmbeddingsRepository")
				.hasBean("noteContentEmbeddingsRepository")
				.hasBean("articleContentEmbeddingsRepository");
			Consumers consumers = context.getBean(Consumers.class);
			assertThat(consumers.posts.toString()).contains("BlogPost.contentEmbeddings");
			assertThat(consumers.articles.toString()).contains("Article.contentEmbeddings");
			assertThat(consumers.noteTitles.findNearest(new float[] { 1, 0 }, 1)).singleElement()
				.satisfies((e) -> assertThat(e.getChunk()).isEqualTo("Groceries"));
			assertThat(consumers.noteContents.count()).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = { BlogPost.class, Note.class })
	static class Entities {

	}

	static class Consumers {

		final EmbeddingRepository<BlogPost> posts;

		final EmbeddingRepository<Article> articles;

		final EmbeddingRepository<Note> noteTitles;

		final EmbeddingRepository<Note> noteContents;

		Consumers(EmbeddingRepository<BlogPost> posts, EmbeddingRepository<Article> articles,
				@Qualifier("noteTitleEmbeddingsRepository") EmbeddingRepository<Note> noteTitles,
				@Qualifier("noteContentEmbeddingsRepository") EmbeddingRepository<Note> noteContents) {
			this.posts = posts;
			this.articles = articles;
			this.noteTitles = noteTitles;
			this.noteContents = noteContents;
		}

	}

}
