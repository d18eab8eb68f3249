package io.pgai.spring.repository.derived.badproperty;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.relationship.blog.BlogPost;

public interface BadProperty extends EmbeddingRepository<BlogPost> {

	List<Embedding<BlogPost>> findNearestByParentColour(float[] query, int k, String colour);

}
