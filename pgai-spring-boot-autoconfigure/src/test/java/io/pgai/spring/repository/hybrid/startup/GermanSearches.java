package io.pgai.spring.repository.hybrid.startup;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.repository.hybrid.GermanArticle;

public interface GermanSearches extends EmbeddingRepository<GermanArticle> {

	List<Embedding<GermanArticle>> findHybridByParentBodyContaining(String query, int k, String text);

}
