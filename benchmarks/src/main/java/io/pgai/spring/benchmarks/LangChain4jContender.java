package io.pgai.spring.benchmarks;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * LangChain4j's {@code PgVectorEmbeddingStore.search} on a copy of the same chunks in its own
 * table layout. It builds an IVFFlat index when asked, so the copy gets the same HNSW cosine index
 * as the others instead, for a like-for-like comparison.
 */
final class LangChain4jContender implements Function<float[], List<UUID>> {

	private final PgVectorEmbeddingStore store;

	LangChain4jContender(DataSource dataSource) {
		CopiedStore.ensure(new JdbcTemplate(dataSource), "bench_langchain4j",
				"embedding_id uuid primary key, embedding vector(384), text text, metadata json",
				"select embedding_uuid, embedding, chunk, json_build_object('parent', id) from bench_docs_embedding_store");
		this.store = PgVectorEmbeddingStore.datasourceBuilder()
			.datasource(dataSource)
			.table("bench_langchain4j")
			.dimension(BenchmarkOptions.DIMENSIONS)
			.createTable(false)
			.useIndex(false)
			.build();
	}

	@Override
	public List<UUID> apply(float[] query) {
		return this.store
			.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(query)).maxResults(10).build())
			.matches()
			.stream()
			.map((match) -> UUID.fromString(match.embeddingId()))
			.toList();
	}

}
