package io.pgai.spring.benchmarks;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntSupplier;

import javax.sql.DataSource;

import com.pgvector.PGvector;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hybrid search, k = 10, each query vector with a query text (the sample's known items, questions
 * and exact names, in turn): a hand-written statement as a pgvector user writes it after
 * pgvector's own hybrid example (the floor), {@code findHybrid}, and LangChain4j's
 * {@code PgVectorEmbeddingStore} in its hybrid mode on a copy of the chunks. The floor and
 * {@code findHybrid} take 40 candidates a side and {@code websearch_to_tsquery} / {@code ts_rank_cd}
 * in English, on the main pool's connections with the floors' {@code hnsw.ef_search}; LangChain4j
 * takes 60 a side (its {@code max(k, rrf_k)}), {@code plainto_tsquery} / {@code ts_rank}, on a pool
 * whose {@code ef_search} is the floors' and at least 60, so that its vector side gets them.
 */
final class HybridContenders implements AutoCloseable {

	static final String FLOOR = "raw JDBC hybrid";

	static final String REPOSITORY = "findHybrid";

	static final String LANGCHAIN4J = "LangChain4j hybrid";

	private static final int K = 10;

	private static final int CANDIDATES = 40;

	private static final String STORE = "bench_docs_embedding_store";

	/** ?1 the query vector, ?2 the query text, ?3 k. */
	private static final String FLOOR_SQL = """
			with nearest as (
			    select embedding_uuid, row_number() over (order by embedding <=> ?1) as rank
			    from %1$s order by embedding <=> ?1 limit %2$d),
			matching as (
			    select embedding_uuid, row_number() over (order by ts_rank_cd(to_tsvector('english', chunk), query) desc,
			        embedding_uuid) as rank
			    from %1$s, websearch_to_tsquery('english', ?2) query
			    where to_tsvector('english', chunk) @@ query
			    order by ts_rank_cd(to_tsvector('english', chunk), query) desc, embedding_uuid limit %2$d)
			select e.embedding_uuid, e.id, e.chunk_seq, e.chunk, e.embedding,
			    coalesce(1.0 / (60 + n.rank), 0) + coalesce(1.0 / (60 + m.rank), 0) as score
			from nearest n full join matching m on n.embedding_uuid = m.embedding_uuid
			join %1$s e on e.embedding_uuid = coalesce(n.embedding_uuid, m.embedding_uuid)
			order by score desc, e.embedding_uuid limit ?3""".formatted(STORE, CANDIDATES);

	private final Map<float[], String> textOf = new IdentityHashMap<>();

	/** Where the floor gets its connections: the other floors', set up as they are. */
	interface FloorConnections {

		Connection get() throws SQLException;

	}

	private final DataSource dataSource;

	private final FloorConnections floorConnections;

	private final IntSupplier floorEfSearch;

	private volatile @Nullable HikariDataSource langChain4jPool;

	HybridContenders(DataSource dataSource, List<float[]> queries, FloorConnections floorConnections,
			IntSupplier floorEfSearch) throws IOException {
		List<String> texts = ManualText.queries();
		for (int i = 0; i < queries.size(); i++) {
			this.textOf.put(queries.get(i), texts.get(i % texts.size()));
		}
		this.dataSource = dataSource;
		this.floorConnections = floorConnections;
		this.floorEfSearch = floorEfSearch;
	}

	/**
	 * The contenders.
	 * @param repository the repository's searches
	 * @param measures whether a contender is measured
	 * @return the contenders by name, the floor first
	 */
	Map<String, Function<float[], List<UUID>>> contenders(RepositorySearches<?> repository,
			java.util.function.Predicate<String> measures) {
		Map<String, Function<float[], List<UUID>>> contenders = new LinkedHashMap<>();
		contenders.put(FLOOR, this::floor);
		contenders.put(REPOSITORY, (q) -> repository.hybrid(q, this.textOf.get(q), K));
		if (measures.test(LANGCHAIN4J)) {
			contenders.put(LANGCHAIN4J, langChain4j());
		}
		return contenders;
	}

	private List<UUID> floor(float[] query) {
		try (Connection connection = this.floorConnections.get()) {
			return floor(connection, query);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<UUID> floor(Connection connection, float[] query) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement(FLOOR_SQL.replace("?1", "?").replace("?2", "?").replace("?3", "?"))) {
			PGvector vector = new PGvector(query);
			String text = this.textOf.get(query);
			// ?1 twice, then ?2 once, then ?3.
			statement.setObject(1, vector);
			statement.setObject(2, vector);
			statement.setString(3, text);
			statement.setInt(4, K);
			List<UUID> uuids = new ArrayList<>(K);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					uuids.add(rs.getObject(1, UUID.class));
					rs.getLong(2);
					rs.getInt(3);
					rs.getString(4);
					if (rs.getObject(5) instanceof PGvector read) {
						read.toArray();
					}
					rs.getDouble(6);
				}
			}
			return uuids;
		}
	}

	/**
	 * The exact hybrid answer of a query: the floor's statement with the HNSW index switched off, so
	 * the vector side is the exact top 40.
	 * @param connection a connection in a transaction
	 * @param query the query vector
	 * @return the top 10 chunks
	 */
	Set<UUID> exact(Connection connection, float[] query) throws SQLException {
		try (java.sql.Statement statement = connection.createStatement()) {
			statement.execute("set local enable_indexscan = off");
		}
		return new HashSet<>(floor(connection, query));
	}

	private Function<float[], List<UUID>> langChain4j() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		CopiedStore.ensure(jdbc, "bench_langchain4j",
				"embedding_id uuid primary key, embedding vector(384), text text, metadata json",
				"select embedding_uuid, embedding, chunk, json_build_object('parent', id) from " + STORE);
		// The index LangChain4j creates for hybrid search when it creates the table itself.
		jdbc.execute("create index if not exists bench_langchain4j_text on bench_langchain4j "
				+ "using gin (to_tsvector('english', coalesce(text, '')))");
		// Built on first use, after the floors' ef_search is known.
		org.springframework.util.function.SingletonSupplier<PgVectorEmbeddingStore> store = org.springframework.util.function.SingletonSupplier
			.of(() -> PgVectorEmbeddingStore.datasourceBuilder()
				.datasource(langChain4jPool())
				.table("bench_langchain4j")
				.dimension(BenchmarkOptions.DIMENSIONS)
				.createTable(false)
				.useIndex(false)
				.searchMode(PgVectorEmbeddingStore.SearchMode.HYBRID)
				.textSearchConfig("english")
				.rrfK(60)
				.build());
		return (query) -> store.obtain()
			.search(EmbeddingSearchRequest.builder()
				.queryEmbedding(Embedding.from(query))
				.query(this.textOf.get(query))
				.maxResults(K)
				.build())
			.matches()
			.stream()
			.map((match) -> UUID.fromString(match.embeddingId()))
			.toList();
	}

	private synchronized HikariDataSource langChain4jPool() {
		HikariDataSource pool = this.langChain4jPool;
		if (pool == null) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(((HikariDataSource) this.dataSource).getJdbcUrl());
			config.setPoolName("langchain4j-hybrid");
			config.setMaximumPoolSize(16);
			config.setConnectionInitSql("set hnsw.ef_search = " + Math.max(60, this.floorEfSearch.getAsInt()));
			pool = new HikariDataSource(config);
			this.langChain4jPool = pool;
		}
		return pool;
	}

	@Override
	public void close() {
		HikariDataSource pool = this.langChain4jPool;
		if (pool != null) {
			pool.close();
		}
	}

}
