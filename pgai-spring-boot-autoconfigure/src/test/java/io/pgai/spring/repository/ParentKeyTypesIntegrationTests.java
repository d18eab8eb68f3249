package io.pgai.spring.repository;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.repository.keys.Badge;
import io.pgai.spring.repository.keys.Shelf;
import io.pgai.spring.repository.keys.Ticket;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Statements;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Hibernate;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searches outside a transaction read parents' keys of other types than {@code Long} exactly as
 * Hibernate does inside one: the same chunks, keys of the same type, the same lazy parents.
 */
class ParentKeyTypesIntegrationTests {

	private static final float[] QUERY = { 0.2f, 0.9f, -0.4f };

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(KeysConfiguration.class);

	@BeforeAll
	static void createParentsAndStores() {
		Sql.run("drop table if exists tickets_embedding_store", "drop table if exists tickets",
				"drop table if exists badges_embedding_store", "drop table if exists badges",
				"create table badges (id bigint primary key, name text not null)",
				"create table badges_embedding_store (embedding_uuid uuid primary key default gen_random_uuid(), "
						+ "id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(3) not null)",
				"insert into badges select g, 'badge ' || g from generate_series(1, 50) g",
				"insert into badges_embedding_store (id, chunk_seq, chunk, embedding) select b.id, s, b.name || '.' || s, "
						+ "array[random() * 2 - 1, random() * 2 - 1, random() * 2 - 1]::vector(3) "
						+ "from badges b, generate_series(0, 1) s",
				"drop table if exists shelves_embedding_store", "drop table if exists shelves",
				"create table tickets (id uuid primary key, title text not null)",
				"create table tickets_embedding_store (embedding_uuid uuid primary key default gen_random_uuid(), "
						+ "id uuid not null, chunk_seq int not null, chunk text not null, embedding vector(3) not null)",
				"create table shelves (id integer primary key, label text not null)",
				"create table shelves_embedding_store (embedding_uuid uuid primary key default gen_random_uuid(), "
						+ "id integer not null, chunk_seq int not null, chunk text not null, embedding vector(3) not null)",
				"select setseed(0.17)",
				"insert into tickets select gen_random_uuid(), 'ticket ' || g from generate_series(1, 50) g",
				"insert into shelves select g, 'shelf ' || g from generate_series(1, 50) g",
				"insert into tickets_embedding_store (id, chunk_seq, chunk, embedding) select t.id, s, t.title || '.' || s, "
						+ "array[random() * 2 - 1, random() * 2 - 1, random() * 2 - 1]::vector(3) "
						+ "from tickets t, generate_series(0, 1) s",
				"insert into shelves_embedding_store (id, chunk_seq, chunk, embedding) select h.id, s, h.label || '.' || s, "
						+ "array[random() * 2 - 1, random() * 2 - 1, random() * 2 - 1]::vector(3) "
						+ "from shelves h, generate_series(0, 1) s");
	}

	@Test
	void uuidKeyedParentsComeBackAsTheyDoInATransaction() {
		this.runner.run((context) -> {
			List<String> detached = searchOutsideATransaction(context, Ticket.class);
			assertThat(detached).hasSize(8).allSatisfy((row) -> assertThat(row).contains("class java.util.UUID"));
			assertThat(detached).containsExactlyElementsOf(searchInATransaction(context, Ticket.class));
		});
	}

	@Test
	void intKeyedParentsComeBackAsTheyDoInATransaction() {
		this.runner.run((context) -> {
			List<String> detached = searchOutsideATransaction(context, Shelf.class);
			assertThat(detached).hasSize(8).allSatisfy((row) -> assertThat(row).contains("class java.lang.Integer"));
			assertThat(detached).containsExactlyElementsOf(searchInATransaction(context, Shelf.class));
		});
	}

	@Test
	void aKeyInheritedFromAMappedSuperclassMapsTheRelationshipAndItsSearches() {
		this.runner.run((context) -> {
			List<String> detached = searchOutsideATransaction(context, Badge.class);
			assertThat(detached).hasSize(8).allSatisfy((row) -> assertThat(row).contains("class java.lang.Long"));
			assertThat(detached).containsExactlyElementsOf(searchInATransaction(context, Badge.class));
			List<String> chunks = new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
				.execute((status) -> org.springframework.orm.jpa.SharedEntityManagerCreator
					.createSharedEntityManager(context.getBean(EntityManagerFactory.class))
					.find(Badge.class, 7L)
					.getNameEmbeddings()
					.stream()
					.map(Embedding::getChunk)
					.toList());
			assertThat(chunks).containsExactly("badge 7.0", "badge 7.1");
		});
	}

	private static <P> List<String> searchOutsideATransaction(AssertableApplicationContext context, Class<P> parent) {
		// The first search of a store also reads the store's index from the catalog, then once a minute.
		repository(context, parent).findNearest(QUERY, 1);
		Statements statements = Statements.count(context.getBean(EntityManagerFactory.class));
		List<String> results = describe(repository(context, parent).findNearest(QUERY, 8));
		assertThat(statements.prepared()).isOne();
		assertThat(statements.sessionsOpened()).isZero();
		return results;
	}

	private static <P> List<String> searchInATransaction(AssertableApplicationContext context, Class<P> parent) {
		return new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
			.execute((status) -> describe(repository(context, parent).findNearest(QUERY, 8)));
	}

	private static <P> List<String> describe(List<Embedding<P>> chunks) {
		return chunks.stream().map((chunk) -> {
			LazyInitializer parent = HibernateProxy.extractLazyInitializer(chunk.getParent());
			assertThat(parent).isNotNull();
			assertThat(Hibernate.isInitialized(chunk.getParent())).isFalse();
			return chunk.getEmbeddingUuid() + " " + chunk.getParentId() + " " + chunk.getParentId().getClass() + " "
					+ chunk.getChunkSeq() + " " + chunk.getChunk() + " " + java.util.Arrays.toString(chunk.getEmbedding())
					+ " " + parent.getEntityName() + "#" + parent.getInternalIdentifier();
		}).toList();
	}

	@SuppressWarnings("unchecked")
	private static <P> EmbeddingRepository<P> repository(AssertableApplicationContext context, Class<P> parent) {
		ResolvableType type = ResolvableType.forClassWithGenerics(EmbeddingRepository.class, parent);
		return (EmbeddingRepository<P>) context.getBeanProvider(type).getObject();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Ticket.class)
	static class KeysConfiguration {

	}

}
