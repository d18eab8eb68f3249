package io.pgai.spring;

import org.springframework.data.domain.Score;

/**
 * A parent entity found by a nearest-neighbour search, with the chunk of it nearest to the query.
 *
 * @param parent the entity
 * @param chunk its embedding nearest to the query
 * @param score the similarity of that chunk to the query, in Spring Data's sense (higher is nearer)
 * @param <P> the entity type
 */
public record NearestParent<P>(P parent, Embedding<P> chunk, Score score) {
}
