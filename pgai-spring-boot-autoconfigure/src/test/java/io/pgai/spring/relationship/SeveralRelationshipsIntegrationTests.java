package io.pgai.spring.relationship;

import io.pgai.spring.Embedding;
import io.pgai.spring.relationship.multiple.Article;
import io.pgai.spring.relationship.multiple.Note;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static io.pgai.spring.relationship.VectorizerRelationshipIntegrationTests.inEntityManager;
import static org.assertj.core.api.Assertions.assertThat;

class SeveralRelationshipsIntegrationTests {

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(MultipleConfiguration.class);

	@BeforeEach
	void createTablesAsPgaiWould() {
		Sql.run("drop table if exists notes_title_store", "drop table if exists notes_embedding_store",
				"drop table if exists notes", "drop table if exists articles_embedding_store",
				"drop table if exists articles",
				"create table notes (id bigint primary key, title text, content text)",
				"create table articles (id bigint primary key, content text)", """
						create table notes_title_store (embedding_uuid uuid primary key default gen_random_uuid(),
						    id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(2) not null)""",
				"""
						create table notes_embedding_store (embedding_uuid uuid primary key default gen_random_uuid(),
						    id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(3) not null)""",
				"""
						create table articles_embedding_store (embedding_uuid uuid primary key default gen_random_uuid(),
						    id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(3) not null)""",
				"insert into notes values (1, 'Groceries', 'Milk and eggs')", "insert into articles values (1, 'News')",
				"insert into notes_title_store (id, chunk_seq, chunk, embedding) values (1, 0, 'Groceries', '[1,0]')",
				"insert into notes_embedding_store (id, chunk_seq, chunk, embedding) values (1, 0, 'Milk and eggs', '[1,0,0]')",
				"insert into articles_embedding_store (id, chunk_seq, chunk, embedding) values (1, 0, 'News', '[0,0,1]')");
	}

	@Test
	void eachRelationshipOfAnEntityHasItsOwnStoreAndEntity() {
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			Note note = em.find(Note.class, 1L);
			assertThat(note.getTitleEmbeddings()).extracting(Embedding::getChunk).containsExactly("Groceries");
			assertThat(note.getTitleEmbeddings().get(0).getEmbedding()).hasSize(2);
			assertThat(note.getContentEmbeddings()).extracting(Embedding::getChunk).containsExactly("Milk and eggs");
			assertThat(em.createQuery("select count(e) from NoteTitleEmbeddings e", Long.class).getSingleResult())
				.isOne();
			assertThat(em.createQuery("select count(e) from NoteContentEmbeddings e", Long.class).getSingleResult())
				.isOne();
		}));
	}

	@Test
	void theSameFieldNameOnTwoEntitiesGivesTwoStores() {
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			assertThat(em.find(Article.class, 1L).getContentEmbeddings()).extracting(Embedding::getChunk)
				.containsExactly("News");
			assertThat(em.createQuery("select e.chunk from ArticleContentEmbeddings e", String.class).getResultList())
				.containsExactly("News");
			assertThat(em.createQuery("select e.chunk from NoteContentEmbeddings e", String.class).getResultList())
				.containsExactly("Milk and eggs");
		}));
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Note.class)
	static class MultipleConfiguration {

	}

}
