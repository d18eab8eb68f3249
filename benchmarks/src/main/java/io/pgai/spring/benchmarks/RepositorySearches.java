package io.pgai.spring.benchmarks;

import java.util.List;
import java.util.UUID;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;

import org.springframework.data.jpa.domain.Specification;

/**
 * The repository's searches of one dataset as the benchmark calls them, k = 10: the chunks'
 * UUIDs, nearest first. The filter keeps the parents of category 3, as the filtered floor does.
 *
 * @param <P> the dataset's parent entity
 */
final class RepositorySearches<P> {

	/** The query vector of the hybrid search running on this thread. */
	static final ThreadLocal<float[]> QUERY_VECTOR = new ThreadLocal<>();

	private final EmbeddingRepository<P> repository;

	private final Specification<P> categoryThree = (doc, query, cb) -> cb.equal(doc.get("category"), 3);

	RepositorySearches(EmbeddingRepository<P> repository) {
		this.repository = repository;
	}

	List<UUID> nearest(float[] query, int k) {
		return uuids(this.repository.findNearest(query, k));
	}

	List<UUID> nearestParents(float[] query, int k) {
		return this.repository.findNearestParents(query, k).stream().map((p) -> p.chunk().getEmbeddingUuid()).toList();
	}

	/**
	 * The hybrid search of a text whose embedding is the given vector: the benchmark's
	 * {@code QueryEmbedder} answers with it, so no model runs in the measured call.
	 */
	List<UUID> hybrid(float[] vector, String text, int k) {
		QUERY_VECTOR.set(vector);
		try {
			return uuids(this.repository.findHybrid(text, k));
		}
		finally {
			QUERY_VECTOR.remove();
		}
	}

	List<UUID> nearestInCategoryThree(float[] query, int k) {
		return uuids(this.repository.findNearest(query, k, this.categoryThree));
	}

	private static <P> List<UUID> uuids(List<Embedding<P>> embeddings) {
		return embeddings.stream().map(Embedding::getEmbeddingUuid).toList();
	}

}
