package io.pgai.spring.benchmarks;

import java.util.UUID;

import org.springframework.data.domain.Score;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Vector;
import org.springframework.data.repository.Repository;

/**
 * A Spring Data JPA 4 derived vector-search query over {@link BenchChunk}: the contender a
 * Spring Data user gets without this starter.
 */
public interface BenchChunks extends Repository<BenchChunk, UUID> {

	SearchResults<BenchChunk> searchTop10ByEmbeddingNear(Vector embedding, Score distance);

}
