package io.pgai.spring.docs;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.relationship.blog.BlogPost;
import jakarta.persistence.EntityManager;

import org.springframework.transaction.annotation.Transactional;

/**
 * The examples of pgai's SQLAlchemy guide in Java, as docs/relationship.md shows them; run by
 * {@link ReferenceExamplesIntegrationTests}.
 */
@SuppressWarnings("unchecked")
class ReferenceExamples {

	private final EntityManager entityManager;

	private final EmbeddingRepository<BlogPost> embeddings;

	ReferenceExamples(EntityManager entityManager, EmbeddingRepository<BlogPost> embeddings) {
		this.entityManager = entityManager;
		this.embeddings = embeddings;
	}

	// tag::search-jpql[]
	List<Embedding<BlogPost>> similarPosts(float[] query) {
		return this.entityManager
			.createQuery("select e from BlogPostContentEmbeddings e order by cosine_distance(e.embedding, :query)")
			.setParameter("query", query)
			.setMaxResults(5)
			.getResultList();
	}
	// end::search-jpql[]

	// tag::search-repository[]
	List<Embedding<BlogPost>> similarPosts(String query) {
		return this.embeddings.findNearest(query, 5);
	}

	List<NearestParent<BlogPost>> bestPosts(String query) {
		return this.embeddings.findNearestParents(query, 5);
	}
	// end::search-repository[]

	// tag::direct-access[]
	void printAllEmbeddings() {
		List<Embedding<BlogPost>> all = this.entityManager.createQuery("select e from BlogPostContentEmbeddings e")
			.getResultList();
		for (Embedding<BlogPost> embedding : all) {
			System.out.println(embedding.getEmbedding().length); // the vector
			System.out.println(embedding.getChunk()); // the text chunk
		}
	}
	// end::direct-access[]

	// tag::relationship-access[]
	@Transactional(readOnly = true)
	void printChunksOfFirstPost() {
		BlogPost post = this.entityManager.createQuery("select p from BlogPost p order by p.id", BlogPost.class)
			.setMaxResults(1)
			.getSingleResult();
		for (Embedding<BlogPost> embedding : post.getContentEmbeddings()) {
			System.out.println(embedding.getChunk());
		}
	}
	// end::relationship-access[]

	// tag::parent-access[]
	@Transactional(readOnly = true)
	void printTitlesOfSimilarPosts(float[] query) {
		for (Embedding<BlogPost> embedding : similarPosts(query)) {
			System.out.println(embedding.getParent().getTitle());
		}
	}
	// end::parent-access[]

	// tag::join-query[]
	List<Object[]> postsAndChunksTitled(String term) {
		return this.entityManager
			.createQuery("select p, e from BlogPost p join p.contentEmbeddings e where lower(p.title) like :term",
					Object[].class)
			.setParameter("term", "%" + term.toLowerCase() + "%")
			.getResultList();
	}
	// end::join-query[]

}
