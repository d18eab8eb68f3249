package io.pgai.spring.relationship;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.relationship.blog.BlogPost;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.Statements;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example of pgai's SQLAlchemy integration document, in JPA.
 */
class VectorizerRelationshipIntegrationTests {

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(BlogConfiguration.class);

	@BeforeEach
	void createBlogAsPgaiWould() {
		Sql.run("drop table if exists blog_posts_embedding_store", "drop table if exists blog_posts",
				"create table blog_posts (id bigserial primary key, title text not null, content text not null)",
				"""
						create table blog_posts_embedding_store (
						    embedding_uuid uuid not null primary key default gen_random_uuid(),
						    id bigint not null,
						    chunk_seq int not null,
						    chunk text not null,
						    embedding vector(3) not null,
						    unique (id, chunk_seq))""",
				"insert into blog_posts (id, title, content) values (1, 'Cooking pasta', 'Boil water. Add pasta.'), "
						+ "(2, 'Search with vectors', 'Embeddings. Cosine distance.'), (3, 'No chunks yet', 'Empty')",
				"insert into blog_posts_embedding_store (id, chunk_seq, chunk, embedding) values "
						+ "(1, 1, 'Add pasta.', '[0,1,0]'), (1, 0, 'Boil water.', '[1,0,0]'), "
						+ "(2, 0, 'Embeddings.', '[3,1,2]'), (2, 1, 'Cosine distance.', '[0,0,1]')");
	}

	@Test
	void directAccessQueriesTheStoreEntity() {
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			List<Embedding<BlogPost>> embeddings = em
				.createQuery("select e from BlogPostContentEmbeddings e", Embedding.class)
				.getResultList()
				.stream()
				.map(VectorizerRelationshipIntegrationTests::<BlogPost>cast)
				.toList();
			assertThat(embeddings).hasSize(4);
			assertThat(embeddings).extracting(Embedding::getChunk)
				.containsExactlyInAnyOrder("Boil water.", "Add pasta.", "Embeddings.", "Cosine distance.");
			Embedding<BlogPost> embeddings0 = embeddings.stream()
				.filter((e) -> e.getChunk().equals("Embeddings."))
				.findFirst()
				.orElseThrow();
			assertThat(embeddings0.getEmbedding()).containsExactly(3f, 1f, 2f);
			assertThat(embeddings0.getChunkSeq()).isZero();
			assertThat(embeddings0.getEmbeddingUuid()).isNotNull();
			assertThat(embeddings0.getParentId()).isEqualTo(2L);
		}));
	}

	@Test
	void relationshipAccessLoadsChunksInOrder() {
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			BlogPost post = em.find(BlogPost.class, 1L);
			assertThat(post.getContentEmbeddings()).extracting(Embedding::getChunk)
				.containsExactly("Boil water.", "Add pasta.");
			assertThat(em.find(BlogPost.class, 3L).getContentEmbeddings()).isEmpty();
		}));
	}

	@Test
	void parentAccessNavigatesBackToThePost() {
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			List<?> similar = em
				.createQuery("select e from BlogPostContentEmbeddings e order by cosine_distance(e.embedding, :q)")
				.setParameter("q", new float[] { 3, 1, 2 })
				.setMaxResults(5)
				.getResultList();
			Embedding<BlogPost> nearest = cast(similar.get(0));
			assertThat(nearest.getChunk()).isEqualTo("Embeddings.");
			assertThat(nearest.getParent().getTitle()).isEqualTo("Search with vectors");
		}));
	}

	@Test
	void joinQueriesCombinePostsAndChunks() {
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			List<Object[]> rows = em
				.createQuery("select p, e from BlogPost p join p.contentEmbeddings e where lower(p.title) like :t"
						+ " order by e.chunkSeq", Object[].class)
				.setParameter("t", "%pasta%")
				.getResultList();
			assertThat(rows).hasSize(2);
			assertThat(rows).allSatisfy((row) -> assertThat(((BlogPost) row[0]).getTitle()).isEqualTo("Cooking pasta"));
			assertThat(rows).extracting((row) -> cast(row[1]).getChunk()).containsExactly("Boil water.", "Add pasta.");
		}));
	}

	@Test
	void searchOrderedByCosineDistanceMatchesPgvector() {
		List<String> expected = new java.util.ArrayList<>();
		try (java.sql.Connection connection = io.pgai.spring.test.TestDatabase.get().open();
				java.sql.ResultSet rs = connection.createStatement()
					.executeQuery("select chunk from blog_posts_embedding_store order by embedding <=> '[3,1,2]' limit 5")) {
			while (rs.next()) {
				expected.add(rs.getString(1));
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
		this.runner.run((context) -> inEntityManager(context.getBean(EntityManagerFactory.class), (em) -> {
			List<?> similar = em
				.createQuery("select e from BlogPostContentEmbeddings e order by cosine_distance(e.embedding, :q)")
				.setParameter("q", new float[] { 3, 1, 2 })
				.setMaxResults(5)
				.getResultList();
			assertThat(similar).extracting((e) -> cast(e).getChunk()).containsExactlyElementsOf(expected);
		}));
	}

	@Test
	void lazyChunksLoadOneStatementPerPostUnlessJoinFetched() {
		this.runner.run((context) -> {
			EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
			inEntityManager(factory, (em) -> {
				Statements statements = Statements.count(factory);
				List<BlogPost> posts = em.createQuery("select p from BlogPost p order by p.id", BlogPost.class)
					.getResultList();
				assertThat(statements.prepared()).isEqualTo(1);
				posts.forEach((post) -> post.getContentEmbeddings().size());
				assertThat(statements.prepared()).isEqualTo(1 + posts.size());
			});
			inEntityManager(factory, (em) -> {
				Statements statements = Statements.count(factory);
				List<BlogPost> posts = em
					.createQuery("select distinct p from BlogPost p left join fetch p.contentEmbeddings order by p.id",
							BlogPost.class)
					.getResultList();
				assertThat(posts).hasSize(3);
				assertThat(posts.get(0).getContentEmbeddings()).extracting(Embedding::getChunk)
					.containsExactly("Boil water.", "Add pasta.");
				assertThat(statements.prepared()).isEqualTo(1);
			});
		});
	}

	@Test
	void entityGraphLoadsChunksWithThePost() {
		this.runner.run((context) -> {
			EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
			inEntityManager(factory, (em) -> {
				jakarta.persistence.EntityGraph<BlogPost> graph = em.createEntityGraph(BlogPost.class);
				graph.addAttributeNodes("contentEmbeddings");
				Statements statements = Statements.count(factory);
				BlogPost post = em.find(BlogPost.class, 2L, java.util.Map.of("jakarta.persistence.fetchgraph", graph));
				assertThat(post.getContentEmbeddings()).extracting(Embedding::getChunk)
					.containsExactly("Embeddings.", "Cosine distance.");
				assertThat(statements.prepared()).isEqualTo(1);
			});
		});
	}

	@Test
	void eagerFetchPropertyLoadsAllChunksOfAllPostsInOneMoreStatement() {
		this.runner.withPropertyValues("pgai.fetch=eager").run((context) -> {
			EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
			inEntityManager(factory, (em) -> {
				Statements statements = Statements.count(factory);
				List<BlogPost> posts = em.createQuery("select p from BlogPost p order by p.id", BlogPost.class)
					.getResultList();
				assertThat(posts.get(0).getContentEmbeddings()).extracting(Embedding::getChunk)
					.containsExactly("Boil water.", "Add pasta.");
				posts.forEach((post) -> post.getContentEmbeddings().size());
				assertThat(statements.prepared()).isEqualTo(2);
			});
		});
	}

	@Test
	void eagerParentFetchPropertyLoadsParentsWithoutOneStatementPerChunk() {
		this.runner.withPropertyValues("pgai.parent-fetch=eager").run((context) -> {
			EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
			inEntityManager(factory, (em) -> {
				Statements statements = Statements.count(factory);
				List<?> embeddings = em.createQuery("select e from BlogPostContentEmbeddings e").getResultList();
				assertThat(embeddings).hasSize(4);
				long afterQuery = statements.prepared();
				assertThat(embeddings).extracting((e) -> cast(e).getParent())
					.allSatisfy((parent) -> assertThat(org.hibernate.Hibernate.isInitialized(parent)).isTrue());
				assertThat(statements.prepared()).isEqualTo(afterQuery).isLessThanOrEqualTo(2);
			});
		});
	}

	@Test
	void lazyParentIsAProxyThatKnowsItsId() {
		this.runner.run((context) -> {
			EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
			inEntityManager(factory, (em) -> {
				List<?> embeddings = em.createQuery("select e from BlogPostContentEmbeddings e order by e.chunk")
					.getResultList();
				Embedding<BlogPost> first = cast(embeddings.get(0));
				assertThat(org.hibernate.Hibernate.isInitialized(first.getParent())).isFalse();
				assertThat(first.getParentId()).isEqualTo(1L);
			});
		});
	}

	@SuppressWarnings("unchecked")
	static <P> Embedding<P> cast(Object embedding) {
		return (Embedding<P>) embedding;
	}

	static void inEntityManager(EntityManagerFactory factory, java.util.function.Consumer<EntityManager> work) {
		EntityManager em = factory.createEntityManager();
		try {
			work.accept(em);
		}
		finally {
			em.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = BlogPost.class)
	static class BlogConfiguration {

	}

}
