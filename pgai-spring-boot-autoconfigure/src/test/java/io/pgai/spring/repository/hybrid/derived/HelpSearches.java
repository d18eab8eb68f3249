package io.pgai.spring.repository.hybrid.derived;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.repository.hybrid.HelpArticle;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.SearchResults;

// tag::hybrid-derived[]
public interface HelpSearches extends EmbeddingRepository<HelpArticle> {

	List<Embedding<HelpArticle>> findHybridByParentTopic(String query, int k, String topic);

	SearchResults<Embedding<HelpArticle>> searchHybridByParentTopicIn(String query, Limit limit, List<String> topics);

	List<NearestParent<HelpArticle>> findHybridParentsByParentTopicNot(String query, int k, String topic);

}
// end::hybrid-derived[]
