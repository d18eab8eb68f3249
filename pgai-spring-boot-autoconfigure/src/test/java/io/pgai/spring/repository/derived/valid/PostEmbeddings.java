package io.pgai.spring.repository.derived.valid;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.relationship.blog.BlogPost;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Vector;

// tag::derived[]
public interface PostEmbeddings extends EmbeddingRepository<BlogPost> {

	List<Embedding<BlogPost>> findNearestByParentTitleContaining(float[] query, int k, String title);

	SearchResults<Embedding<BlogPost>> searchNearestByParentTitleStartingWithIgnoreCase(Vector query, Limit limit,
			String prefix);
// end::derived[]

	SearchResults<Embedding<BlogPost>> searchNearestByParentTitleContaining(Vector query, Score minimum, Limit limit,
			String title);

	List<NearestParent<BlogPost>> findNearestParentsByParentIdLessThanAndChunkSeq(float[] query, int k, Long id,
			int chunkSeq);

	default List<Embedding<BlogPost>> firstChunksNearest(float[] query, int k) {
		return findNearest(query, k, (post, q, cb) -> cb.isTrue(cb.literal(true))).stream()
			.filter((e) -> e.getChunkSeq() == 0)
			.toList();
	}

}
