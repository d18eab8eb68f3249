package io.pgai.spring.relationship;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.composite.Chapter;
import io.pgai.spring.relationship.composite.ChapterKey;
import io.pgai.spring.relationship.composite.OrderLine;
import io.pgai.spring.relationship.composite.OrderLineKey;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

import static io.pgai.spring.relationship.VectorizerRelationshipIntegrationTests.cast;
import static io.pgai.spring.relationship.VectorizerRelationshipIntegrationTests.inEntityManager;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CompositeKeyIntegrationTests {

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(CompositeConfiguration.class);

	@BeforeEach
	void createTablesAsPgaiWould() {
		Sql.run("drop table if exists order_lines_embedding_store", "drop table if exists order_lines",
				"drop table if exists chapters_embedding_store", "drop table if exists chapters",
				"create table order_lines (order_no text, line_no int, description text, primary key (order_no, line_no))",
				"""
						create table order_lines_embedding_store (
						    embedding_uuid uuid not null primary key default gen_random_uuid(),
						    order_no text not null, line_no int not null,
						    chunk_seq int not null, chunk text not null, embedding vector(3) not null)""",
				"create table chapters (book_id bigint, chapter_no int, body text, primary key (book_id, chapter_no))",
				"""
						create table chapters_embedding_store (
						    embedding_uuid uuid not null primary key default gen_random_uuid(),
						    book_id bigint not null, chapter_no int not null,
						    chunk_seq int not null, chunk text not null, embedding vector(3) not null)""",
				"insert into order_lines values ('A-1', 1, 'red bicycle'), ('A-1', 2, 'blue helmet')",
				"insert into order_lines_embedding_store (order_no, line_no, chunk_seq, chunk, embedding) values "
						+ "('A-1', 1, 0, 'red bicycle', '[1,0,0]'), ('A-1', 2, 0, 'blue helmet', '[0,1,0]')",
				"insert into chapters values (7, 1, 'It was a dark night.'), (7, 2, 'Morning came.')",
				"insert into chapters_embedding_store (book_id, chapter_no, chunk_seq, chunk, embedding) values "
						+ "(7, 1, 0, 'It was', '[1,1,0]'), (7, 1, 1, 'a dark night.', '[0,1,1]'), "
						+ "(7, 2, 0, 'Morning came.', '[1,0,1]')");
	}

	@Test
	void idClassParentIdIsTheIdClassInstance() {
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			List<?> embeddings = em
				.createQuery("select e from OrderLineDescriptionEmbeddings e order by cosine_distance(e.embedding, :q)")
				.setParameter("q", new float[] { 0, 1, 0 })
				.getResultList();
			Embedding<OrderLine> nearest = cast(embeddings.get(0));
			assertThat(nearest.getParentId()).isEqualTo(new OrderLineKey("A-1", 2));
			assertThat(nearest.getParent().getDescription()).isEqualTo("blue helmet");
			OrderLine line = em.find(OrderLine.class, new OrderLineKey("A-1", 1));
			assertThat(line.getDescriptionEmbeddings()).extracting(Embedding::getChunk).containsExactly("red bicycle");
		}));
	}

	@Test
	void embeddedIdParentIdIsTheEmbeddedIdInstanceWithOverriddenColumns() {
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			Chapter chapter = em.find(Chapter.class, new ChapterKey(7L, 1));
			assertThat(chapter.getBodyEmbeddings()).extracting(Embedding::getChunk)
				.containsExactly("It was", "a dark night.");
			assertThat(chapter.getBodyEmbeddings()).extracting(Embedding::getParentId)
				.containsOnly(new ChapterKey(7L, 1));
			List<Object[]> rows = em
				.createQuery("select c, e from Chapter c join c.bodyEmbeddings e where c.key.number = 2", Object[].class)
				.getResultList();
			assertThat(rows).hasSize(1);
			assertThat(cast(rows.get(0)[1]).getChunk()).isEqualTo("Morning came.");
		}));
	}

	@Test
	void hybridParentsOfCompositeKeysComeOnceWithTheirBestFusedChunk() {
		this.runner.withBean(QueryEmbedder.class, () -> (text, store) -> new float[] { 1, 1, 0 }).run((context) -> {
			EmbeddingRepository<Chapter> chapters = repository(context, Chapter.class);
			// 'It was' is nearest; 'a dark night.' is second or third by vector and first by words.
			assertThat(chapters.findHybridParents("dark night", 5)).extracting((best) -> best.parent().getBody(),
					(best) -> best.chunk().getChunk())
				.containsExactly(tuple("It was a dark night.", "a dark night."), tuple("Morning came.", "Morning came."));
			EmbeddingRepository<OrderLine> lines = repository(context, OrderLine.class);
			// Both lines are as near as each other; the word decides.
			assertThat(lines.findHybridParents("helmet", 5)).extracting((best) -> best.parent().getDescription())
				.containsExactly("blue helmet", "red bicycle");
		});
	}

	@SuppressWarnings("unchecked")
	private static <P> EmbeddingRepository<P> repository(AssertableApplicationContext context, Class<P> type) {
		return (EmbeddingRepository<P>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, type))
			.getObject();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = OrderLine.class)
	static class CompositeConfiguration {

	}

}
