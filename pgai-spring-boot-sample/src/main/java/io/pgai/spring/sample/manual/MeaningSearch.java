package io.pgai.spring.sample.manual;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Search by meaning, alone or fused with the chunks' words: the pages whose chunks best answer a
 * query, within a chapter, and the pages like a page.
 */
@Service
public class MeaningSearch {

	private final EmbeddingRepository<ManualPage> embeddings;

	private final ManualPageRepository pages;

	public MeaningSearch(EmbeddingRepository<ManualPage> embeddings, ManualPageRepository pages) {
		this.embeddings = embeddings;
		this.pages = pages;
	}

	/**
	 * Pages nearest to a text, each once with its best chunk.
	 */
	public List<NearestParent<ManualPage>> search(String query, @Nullable String chapter, int k) {
		if (chapter == null || chapter.isBlank()) {
			return this.embeddings.findNearestParents(query, k);
		}
		return this.embeddings.findNearestParents(query, k, inChapter(chapter));
	}

	/**
	 * Pages whose chunks best answer a query by meaning and by words together, each once with its
	 * best chunk: exact names (a function, a setting, an error) and questions alike.
	 */
	public List<NearestParent<ManualPage>> hybrid(String query, @Nullable String chapter, int k) {
		if (chapter == null || chapter.isBlank()) {
			return this.embeddings.findHybridParents(query, k);
		}
		return this.embeddings.findHybridParents(query, k, inChapter(chapter));
	}

	private static Specification<ManualPage> inChapter(String chapter) {
		return (page, q, cb) -> cb.equal(page.get("chapter"), chapter);
	}

	/**
	 * Pages nearest to a page, from the mean of its chunks' vectors.
	 */
	@Transactional(readOnly = true)
	public List<NearestParent<ManualPage>> pagesLike(long pageId, int k) {
		ManualPage page = this.pages.findById(pageId).orElseThrow(() -> new PageNotFoundException(pageId));
		// The relationship's own collection, loaded in this transaction.
		List<Embedding<ManualPage>> chunks = page.getContentEmbeddings();
		if (chunks.isEmpty()) {
			return List.of();
		}
		float[] mean = new float[chunks.get(0).getEmbedding().length];
		for (Embedding<ManualPage> chunk : chunks) {
			float[] vector = chunk.getEmbedding();
			for (int i = 0; i < mean.length; i++) {
				mean[i] += vector[i] / chunks.size();
			}
		}
		return this.embeddings.findNearestParents(mean, k + 1)
			.stream()
			.filter((nearest) -> !nearest.parent().getId().equals(pageId))
			.limit(k)
			.toList();
	}

}
