package io.pgai.spring.sample.blog;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Semantic search over the blog: by text, within a category, and "more like this".
 */
@Service
public class BlogSearch {

	private final EmbeddingRepository<BlogPost> embeddings;

	private final BlogPostRepository posts;

	public BlogSearch(EmbeddingRepository<BlogPost> embeddings, BlogPostRepository posts) {
		this.embeddings = embeddings;
		this.posts = posts;
	}

	/**
	 * Posts whose content is nearest to a text, each with its best chunk.
	 */
	public List<NearestParent<BlogPost>> search(String query, @Nullable String category, int k) {
		if (category == null || category.isBlank()) {
			return this.embeddings.findNearestParents(query, k);
		}
		Specification<BlogPost> inCategory = (post, q, cb) -> cb.equal(post.get("category"), category);
		return this.embeddings.findNearestParents(query, k, inCategory);
	}

	/**
	 * Posts nearest to a post, from the mean of its chunks' vectors.
	 */
	@Transactional(readOnly = true)
	public List<NearestParent<BlogPost>> moreLikeThis(long postId, int k) {
		BlogPost post = this.posts.findById(postId).orElseThrow(() -> new PostNotFoundException(postId));
		// The relationship's own collection, loaded in this transaction.
		List<Embedding<BlogPost>> chunks = post.getContentEmbeddings();
		if (chunks.isEmpty()) {
			return List.of();
		}
		float[] mean = new float[chunks.get(0).getEmbedding().length];
		for (Embedding<BlogPost> chunk : chunks) {
			float[] vector = chunk.getEmbedding();
			for (int i = 0; i < mean.length; i++) {
				mean[i] += vector[i] / chunks.size();
			}
		}
		return this.embeddings.findNearestParents(mean, k + 1)
			.stream()
			.filter((nearest) -> !nearest.parent().getId().equals(postId))
			.limit(k)
			.toList();
	}

}
