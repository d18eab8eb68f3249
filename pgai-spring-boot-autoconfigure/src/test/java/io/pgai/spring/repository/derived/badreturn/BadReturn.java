package io.pgai.spring.repository.derived.badreturn;

import java.util.List;

import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.relationship.blog.BlogPost;

public interface BadReturn extends EmbeddingRepository<BlogPost> {

	List<BlogPost> findNearestByParentTitle(float[] query, int k, String title);

}
