package io.pgai.spring.repository.derived.unsupported;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.relationship.blog.BlogPost;

public interface Unsupported extends EmbeddingRepository<BlogPost> {

	List<Embedding<BlogPost>> findNearestByParentTitleRegex(float[] query, int k, String pattern);

}
