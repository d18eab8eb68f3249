package io.pgai.spring.repository.derived.badname;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.relationship.blog.BlogPost;

public interface BadName extends EmbeddingRepository<BlogPost> {

	List<Embedding<BlogPost>> lookupByParentTitle(float[] query, int k, String title);

}
