package io.pgai.spring.repository.derived.badhybrid;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.relationship.blog.BlogPost;

public interface BadHybrid extends EmbeddingRepository<BlogPost> {

	List<Embedding<BlogPost>> findHybridByParentTitle(float[] query, int k, String title);

}
