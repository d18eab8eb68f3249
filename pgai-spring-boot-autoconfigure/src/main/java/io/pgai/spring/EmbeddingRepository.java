package io.pgai.spring;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Vector;
import org.springframework.data.jpa.domain.Specification;

/**
 * Reads and searches the embedding store of one {@link VectorizerRelationship}. Auto-configuration
 * registers one per relationship, injectable by its parent type
 * ({@code EmbeddingRepository<BlogPost>}) or by name ({@code blogPostContentEmbeddingsRepository}).
 * <p>
 * Nearest-neighbour methods order by the relationship's {@link Distance}, nearest first, and run
 * as one SQL statement that the store's HNSW index can serve. Text queries are embedded first by
 * the {@link QueryEmbedder}. Invalid arguments (a vector of the wrong dimensions or with NaN,
 * {@code k} out of range, blank text) throw {@link IllegalArgumentException} before any SQL runs.
 *
 * @param <P> the parent entity type
 */
public interface EmbeddingRepository<P> {

	/**
	 * All embeddings, ordered by parent and chunk.
	 * @return every row of the store
	 */
	List<Embedding<P>> findAll();

	/**
	 * Counts the embeddings.
	 * @return the number of rows in the store
	 */
	long count();

	/**
	 * The embeddings of one parent, in chunk order.
	 * @param parent the parent entity
	 * @return its chunks, possibly none
	 */
	List<Embedding<P>> findByParent(P parent);

	/**
	 * The {@code k} embeddings nearest to a vector.
	 * @param query the query vector
	 * @param k how many to return, at most {@code pgai.search.max-k}
	 * @return the nearest embeddings, nearest first
	 */
	List<Embedding<P>> findNearest(float[] query, int k);

	/**
	 * The {@code k} embeddings nearest to a text.
	 * @param query the query text
	 * @param k how many to return
	 * @return the nearest embeddings, nearest first
	 */
	List<Embedding<P>> findNearest(String query, int k);

	/**
	 * The {@code k} embeddings nearest to a vector among those whose parent matches a filter.
	 * @param query the query vector
	 * @param k how many to return
	 * @param filter the condition on the parent
	 * @return the nearest matching embeddings, nearest first
	 */
	List<Embedding<P>> findNearest(float[] query, int k, Specification<P> filter);

	/**
	 * The {@code k} embeddings nearest to a text among those whose parent matches a filter.
	 * @param query the query text
	 * @param k how many to return
	 * @param filter the condition on the parent
	 * @return the nearest matching embeddings, nearest first
	 */
	List<Embedding<P>> findNearest(String query, int k, Specification<P> filter);

	/**
	 * The {@code k} embeddings nearest to a vector, with their similarity.
	 * @param query the query vector
	 * @param k how many to return
	 * @return the nearest embeddings and their scores, nearest first
	 */
	SearchResults<Embedding<P>> searchNearest(float[] query, int k);

	/**
	 * The {@code k} embeddings nearest to a text, with their similarity.
	 * @param query the query text
	 * @param k how many to return
	 * @return the nearest embeddings and their scores, nearest first
	 */
	SearchResults<Embedding<P>> searchNearest(String query, int k);

	/**
	 * The embeddings nearest to a vector that are at least as similar as a threshold.
	 * @param query the query vector
	 * @param minimumScore the lowest similarity to return, {@code Score.of(0)} for any
	 * @param limit how many to return
	 * @return the matching embeddings and their scores, nearest first
	 */
	SearchResults<Embedding<P>> searchNearest(Vector query, Score minimumScore, Limit limit);

	/**
	 * The embeddings nearest to a text that are at least as similar as a threshold.
	 * @param query the query text, embedded with the store's model
	 * @param minimumScore the lowest similarity to return, {@code Score.of(0)} for any
	 * @param limit how many to return
	 * @return the matching embeddings and their scores, nearest first
	 */
	SearchResults<Embedding<P>> searchNearest(String query, Score minimumScore, Limit limit);

	/**
	 * One page of the embeddings nearest to a text, filtered on the parent and by similarity.
	 * @param query the query text, embedded with the store's model
	 * @param filter the condition on the parent, {@code Specification.unrestricted()} for none
	 * @param minimumScore the lowest similarity to return
	 * @param pageable the page, whose sort is ignored: results are ordered by nearness
	 * @return the page's embeddings and their scores, nearest first
	 */
	SearchResults<Embedding<P>> searchNearest(String query, Specification<P> filter, Score minimumScore,
			Pageable pageable);

	/**
	 * Embeds a text the way text searches of this store do, with the model of the vectorizer that
	 * writes it (or the application's {@code QueryEmbedder}): for queries of your own, such as a
	 * derived method taking a {@code Vector}, or a query vector used more than once.
	 * @param query the query text
	 * @return its vector, of the store's dimensions
	 */
	Vector embedQuery(String query);

	/**
	 * One page of the embeddings nearest to a vector, filtered on the parent and by similarity.
	 * @param query the query vector
	 * @param filter the condition on the parent, {@code Specification.unrestricted()} for none
	 * @param minimumScore the lowest similarity to return
	 * @param pageable the page, whose sort is ignored: results are ordered by nearness
	 * @return the page's embeddings and their scores, nearest first
	 */
	SearchResults<Embedding<P>> searchNearest(Vector query, Specification<P> filter, Score minimumScore,
			Pageable pageable);

	/**
	 * The {@code k} parents with a chunk nearest to a vector, each once with its best chunk.
	 * @param query the query vector
	 * @param k how many parents to return
	 * @return the parents, nearest first
	 */
	List<NearestParent<P>> findNearestParents(float[] query, int k);

	/**
	 * The {@code k} parents with a chunk nearest to a text, each once with its best chunk.
	 * @param query the query text
	 * @param k how many parents to return
	 * @return the parents, nearest first
	 */
	List<NearestParent<P>> findNearestParents(String query, int k);

	/**
	 * The {@code k} parents matching a filter with a chunk nearest to a vector.
	 * @param query the query vector
	 * @param k how many parents to return
	 * @param filter the condition on the parent
	 * @return the parents, nearest first
	 */
	List<NearestParent<P>> findNearestParents(float[] query, int k, Specification<P> filter);

	/**
	 * The {@code k} parents matching a filter with a chunk nearest to a text.
	 * @param query the query text
	 * @param k how many parents to return
	 * @param filter the condition on the parent
	 * @return the parents, nearest first
	 */
	List<NearestParent<P>> findNearestParents(String query, int k, Specification<P> filter);


	/**
	 * The {@code k} embeddings that best match a text by meaning and by words together: the
	 * nearest chunks and the chunks whose words best match it ({@code websearch_to_tsquery}
	 * syntax: quoted phrases, {@code or}, {@code -word}), fused by Reciprocal Rank Fusion in one
	 * statement. A query of stop words only is searched by meaning alone.
	 * @param query the query text, embedded once
	 * @param k how many to return
	 * @return the best embeddings, best first
	 */
	List<Embedding<P>> findHybrid(String query, int k);

	/**
	 * The {@code k} embeddings whose parent matches a filter that best match a text by meaning and
	 * by words together.
	 * @param query the query text
	 * @param k how many to return
	 * @param filter the condition on the parent, applied to both rankings
	 * @return the best matching embeddings, best first
	 */
	List<Embedding<P>> findHybrid(String query, int k, Specification<P> filter);

	/**
	 * The {@code k} embeddings that best match a text by meaning and by words together, with their
	 * fused score: the sum over the rankings that found the chunk of
	 * {@code weight / (rrf-k + rank)}.
	 * @param query the query text
	 * @param k how many to return
	 * @return the best embeddings and their fused scores, best first
	 */
	SearchResults<Embedding<P>> searchHybrid(String query, int k);

	/**
	 * The {@code k} embeddings whose parent matches a filter that best match a text by meaning and
	 * by words together, with their fused score.
	 * @param query the query text
	 * @param k how many to return
	 * @param filter the condition on the parent, applied to both rankings
	 * @return the best matching embeddings and their fused scores, best first
	 */
	SearchResults<Embedding<P>> searchHybrid(String query, int k, Specification<P> filter);

	/**
	 * At most {@code k} parents with a chunk that best matches a text by meaning and by words
	 * together, each once with that chunk and its fused score: the parents of the fused
	 * candidates, so fewer than {@code k} when a few parents hold most of the best chunks.
	 * @param query the query text
	 * @param k how many parents to return
	 * @return the parents, best first
	 */
	List<NearestParent<P>> findHybridParents(String query, int k);

	/**
	 * At most {@code k} parents matching a filter with a chunk that best matches a text by meaning
	 * and by words together.
	 * @param query the query text
	 * @param k how many parents to return
	 * @param filter the condition on the parent
	 * @return the parents, best first
	 */
	List<NearestParent<P>> findHybridParents(String query, int k, Specification<P> filter);

}
