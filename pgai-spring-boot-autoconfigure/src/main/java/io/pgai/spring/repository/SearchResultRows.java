package io.pgai.spring.repository;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.pgai.spring.Embedding;
import io.pgai.spring.NearestParent;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Score;
import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Similarity;

/**
 * Turns the rows of a store's queries into the repository's results: store entities into
 * {@link Embedding Embeddings}, distances into {@link Similarity similarities} on the store's
 * scale, and chunk rows into one {@link NearestParent} per parent.
 *
 * @param <P> the parent entity type
 */
final class SearchResultRows<P> {

	/** The scoring of hybrid searches: higher is better, comparable only within one search. */
	static final ScoringFunction RECIPROCAL_RANK_FUSION = () -> "reciprocal-rank-fusion";

	private final Class<P> parentType;

	private final DistanceFunction distance;

	SearchResultRows(Class<P> parentType, DistanceFunction distance) {
		this.parentType = parentType;
		this.distance = distance;
	}

	/** Results from rows of a store entity and its distance. */
	SearchResults<Embedding<P>> results(List<Object[]> rows) {
		return results(rows, this::similarity);
	}

	/** Results from rows of a store entity and its fused score. */
	SearchResults<Embedding<P>> fusedResults(List<Object[]> rows) {
		return results(rows, SearchResultRows::fusedScore);
	}

	private SearchResults<Embedding<P>> results(List<Object[]> rows, Function<@Nullable Double, Score> score) {
		List<SearchResult<Embedding<P>>> results = new ArrayList<>(rows.size());
		for (Object[] row : rows) {
			results.add(new SearchResult<>(embedding(row[0]), score.apply((Double) row[1])));
		}
		return new SearchResults<>(results);
	}

	/** The nearest parents from rows of a store entity, its parent and its distance, best chunk first. */
	List<NearestParent<P>> parents(List<Object[]> rows) {
		return parents(rows, this::similarity);
	}

	/** The best parents from rows of a store entity, its parent and its fused score, best chunk first. */
	List<NearestParent<P>> fusedParents(List<Object[]> rows) {
		return parents(rows, SearchResultRows::fusedScore);
	}

	private List<NearestParent<P>> parents(List<Object[]> rows, Function<@Nullable Double, Score> score) {
		List<NearestParent<P>> parents = new ArrayList<>();
		Set<Object> seen = new HashSet<>();
		for (Object[] row : rows) {
			Embedding<P> chunk = embedding(row[0]);
			// Two chunks of one parent at exactly the same distance both pass the correlated filter.
			if (seen.add(chunk.getParentId())) {
				parents.add(new NearestParent<>(this.parentType.cast(row[1]), chunk, score.apply((Double) row[2])));
			}
		}
		return parents;
	}

	private static Score fusedScore(@Nullable Double score) {
		return Score.of((score != null) ? score : Double.NaN, RECIPROCAL_RANK_FUSION);
	}

	List<Embedding<P>> embeddings(List<?> rows) {
		List<Embedding<P>> result = new ArrayList<>(rows.size());
		rows.forEach((row) -> result.add(embedding(row)));
		return result;
	}

	private Score similarity(@Nullable Double distance) {
		return Similarity.raw(this.distance.similarity((distance != null) ? distance : Double.NaN),
				this.distance.scoringFunction());
	}

	@SuppressWarnings("unchecked")
	private Embedding<P> embedding(Object row) {
		return (Embedding<P>) row;
	}

}
