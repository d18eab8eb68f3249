package io.pgai.spring.repository.derived.badparameters;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.relationship.blog.BlogPost;

public interface BadParameters extends EmbeddingRepository<BlogPost> {

	List<Embedding<BlogPost>> findNearestByParentTitle(String title, float[] query);

}
