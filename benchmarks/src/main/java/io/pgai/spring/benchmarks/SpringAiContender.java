package io.pgai.spring.benchmarks;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spring AI's {@code PgVectorStore.similaritySearch} on a copy of the same chunks in its own table
 * layout and HNSW cosine index. Its embedding model answers the benchmark's query vector, so no
 * model time is measured.
 */
final class SpringAiContender implements Function<float[], List<UUID>> {

	private static final ThreadLocal<float[]> QUERY = new ThreadLocal<>();

	private final PgVectorStore store;

	SpringAiContender(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		CopiedStore.ensure(jdbc, "bench_spring_ai", "id uuid primary key, content text, metadata json, embedding vector(384)",
				"select embedding_uuid, chunk, json_build_object('parent', id), embedding from bench_docs_embedding_store");
		this.store = PgVectorStore.builder(jdbc, new QueryVectorModel())
			.vectorTableName("bench_spring_ai")
			.dimensions(BenchmarkOptions.DIMENSIONS)
			.distanceType(PgVectorStore.PgDistanceType.COSINE_DISTANCE)
			.indexType(PgVectorStore.PgIndexType.HNSW)
			.initializeSchema(false)
			.build();
		this.store.afterPropertiesSet();
	}

	@Override
	public List<UUID> apply(float[] query) {
		QUERY.set(query);
		return this.store.similaritySearch(SearchRequest.builder().query("benchmark query").topK(10).build())
			.stream()
			.map((document) -> UUID.fromString(document.getId()))
			.toList();
	}

	/** Answers the vector of the query being searched. */
	static final class QueryVectorModel implements EmbeddingModel {

		@Override
		public EmbeddingResponse call(EmbeddingRequest request) {
			return new EmbeddingResponse(List.of(new Embedding(QUERY.get(), 0)));
		}

		@Override
		public float[] embed(Document document) {
			return QUERY.get();
		}

		@Override
		public int dimensions() {
			return BenchmarkOptions.DIMENSIONS;
		}

	}

}
