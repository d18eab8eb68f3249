package io.pgai.spring.relationship;

import io.pgai.spring.Embedding;
import io.pgai.spring.relationship.overrides.Comment;
import io.pgai.spring.relationship.overrides.Product;
import io.pgai.spring.relationship.overrides.Review;
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

class StoreLocationIntegrationTests {

	private static final String STORE_COLUMNS = "(embedding_uuid uuid primary key default gen_random_uuid(), "
			+ "id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(3) not null)";

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(OverridesConfiguration.class);

	@BeforeEach
	void createTablesAsPgaiWould() {
		Sql.run("drop schema if exists vectors cascade", "drop schema if exists shop cascade",
				"drop schema if exists embeddings cascade", "drop table if exists products",
				"drop table if exists comments", "drop table if exists comments_chunks",
				"create schema vectors", "create schema shop", "create schema embeddings",
				"create table products (id bigint primary key, description text)",
				"create table shop.reviews (id bigint primary key, text text)",
				"create table comments (id bigint primary key, body text)",
				"create table vectors.product_chunks " + STORE_COLUMNS,
				"create table shop.reviews_embedding_store " + STORE_COLUMNS,
				"create table shop.reviews_chunks " + STORE_COLUMNS,
				"create table embeddings.comments_chunks " + STORE_COLUMNS,
				"create table comments_chunks " + STORE_COLUMNS,
				"insert into products values (1, 'Kettle')", "insert into shop.reviews values (1, 'Great')",
				"insert into comments values (1, 'First!')",
				"insert into vectors.product_chunks (id, chunk_seq, chunk, embedding) values (1, 0, 'Kettle', '[1,0,0]')",
				"insert into shop.reviews_embedding_store (id, chunk_seq, chunk, embedding) values (1, 0, 'Great', '[1,0,0]')",
				"insert into embeddings.comments_chunks (id, chunk_seq, chunk, embedding) values (1, 0, 'in schema', '[1,0,0]')",
				"insert into comments_chunks (id, chunk_seq, chunk, embedding) values (1, 0, 'in public', '[1,0,0]')");
	}

	@Test
	void targetSchemaAndTargetTableNameTheStore() {
		this.runner.withPropertyValues("pgai.table-name-pattern={table}_chunks")
			.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
				assertThat(em.find(Product.class, 1L).getDescriptionEmbeddings()).extracting(Embedding::getChunk)
					.containsExactly("Kettle");
			}));
	}

	@Test
	void theStoreInheritsTheParentsSchemaBeforeThePgaiSchemaProperty() {
		this.runner.withPropertyValues("pgai.table-name-pattern={table}_chunks", "pgai.schema=embeddings")
			.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
				assertThat(em.find(Review.class, 1L).getTextEmbeddings()).isEmpty();
				assertThat(em.find(Comment.class, 1L).getBodyEmbeddings()).extracting(Embedding::getChunk)
					.containsExactly("in schema");
			}));
	}

	@Test
	void withoutSchemasTheStoreIsInTheConnectionsDefaultSchema() {
		this.runner.withPropertyValues("pgai.table-name-pattern={table}_chunks")
			.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
				assertThat(em.find(Comment.class, 1L).getBodyEmbeddings()).extracting(Embedding::getChunk)
					.containsExactly("in public");
			}));
	}

	@Test
	void theDefaultPatternIsPgaisDestination() {
		Sql.run("create table embeddings.comments_embedding_store " + STORE_COLUMNS,
				"insert into shop.reviews_embedding_store (id, chunk_seq, chunk, embedding) values (1, 1, 'Really', '[0,1,0]')");
		this.runner.withPropertyValues("pgai.schema=embeddings")
			.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
				assertThat(em.find(Review.class, 1L).getTextEmbeddings()).extracting(Embedding::getChunk)
					.containsExactly("Great", "Really");
			}));
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Product.class)
	static class OverridesConfiguration {

	}

}
