package io.pgai.spring.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.sql.DataSource;

import com.pgvector.PGvector;
import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.Similarity;
import org.springframework.data.domain.Vector;
import org.springframework.data.jpa.domain.Specification;

/**
 * Nearest-neighbour search, k = 10, by several contenders on the same query vectors: raw JDBC
 * (the floor, reading the same columns), {@code findNearest}, {@code findNearestParents}, a
 * filtered {@code findNearest}, Spring AI's and LangChain4j's pgvector stores and a Spring Data JPA
 * derived vector search; and on the default dataset, whose chunks hold text, hybrid search
 * ({@link HybridContenders}).
 */
class SearchBenchmark {

	private static final Log logger = LogFactory.getLog(SearchBenchmark.class);

	private static final int K = 10;

	private static final int RECALL_QUERIES = 50;

	/** The recall@10 the floors are tuned for, as the repository tunes itself. */
	private static final double TARGET_RECALL = 0.95;

	/** The values of {@code hnsw.ef_search} measured for the floor. */
	private static final int[] EF_SEARCH_SWEEP = { 40, 100, 200, 400, 600, 800, 1000 };

	/** The name of the sweep's measurements, followed by the {@code ef_search}. */
	static final String SWEEP = "ef_search sweep, raw JDBC, ef_search=";

	private int floorEfSearch = 40;

	private final BenchmarkOptions options;

	private final Floors floors;

	private static final int HYBRID_WARMUP = 400;

	private static final int HYBRID_QUERIES = 300;

	/** Measured queries are split into this many rounds, the contenders taking turns. */
	private static final int ROUNDS = 5;

	private final DataSource dataSource;

	private final RepositorySearches<?> repository;

	private final BenchChunks chunks;

	private final Statistics statistics;

	/** The repository again, each search observed through a Micrometer timer, or {@code null}. */
	private final @Nullable RepositorySearches<?> observed;

	/** The suffix of the contenders that read from the hot standby alone. */
	static final String ON_STANDBY = " on the standby";

	/** The suffix of the contenders that spread their searches over the standby and the primary. */
	static final String ON_BOTH = " on standby + primary";

	/** The contender whose searches are observed: its ratio to {@code findNearest} is the observation's cost. */
	static final String OBSERVED = "findNearest, observed (Micrometer timer)";

	private @Nullable Standby standby;

	SearchBenchmark(DataSource dataSource, RepositorySearches<?> repository, @Nullable RepositorySearches<?> observed,
			BenchChunks chunks, EntityManagerFactory entityManagerFactory, BenchmarkOptions options) {
		this.options = options;
		this.floors = Floors.of(options);
		this.dataSource = dataSource;
		this.repository = repository;
		this.observed = observed;
		this.chunks = chunks;
		this.statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
	}

	/**
	 * Measures searches on a hot standby too: {@code findNearest} with the standby as its replica,
	 * and with the standby and the primary taking turns, each against raw JDBC on the same servers.
	 */
	SearchBenchmark withStandby(DataSource standby, RepositorySearches<?> onStandby, RepositorySearches<?> onBoth) {
		this.standby = new Standby(standby, onStandby, onBoth);
		return this;
	}

	List<Measurement> run() throws Exception {
		BenchmarkOptions options = this.options;
		Random random = new Random(SearchDataset.SEED + 1);
		float[][] centres = Vectors.centres(new Random(SearchDataset.SEED), SearchDataset.CLUSTERS,
				options.dimensions());
		List<float[]> queries = new ArrayList<>();
		for (int i = 0; i < Math.max(options.queries(), RECALL_QUERIES); i++) {
			queries.add(Vectors.clustered(random, centres));
		}
		Map<String, Function<float[], List<UUID>>> contenders = new LinkedHashMap<>();
		contenders.put("raw JDBC", (q) -> rawJdbc(this.floors.unfiltered(), q));
		contenders.put("findNearest", (q) -> this.repository.nearest(q, K));
		if (this.observed != null) {
			contenders.put(OBSERVED, (q) -> this.observed.nearest(q, K));
		}
		contenders.put("raw JDBC parents", (q) -> rawJdbc(this.floors.parents(), q));
		contenders.put("findNearestParents", (q) -> this.repository.nearestParents(q, K));
		contenders.put("raw JDBC + filter", (q) -> rawJdbc(this.floors.filtered(), q));
		contenders.put("findNearest + filter", (q) -> this.repository.nearestInCategoryThree(q, K));
		Standby standby = this.standby;
		if (standby != null) {
			AtomicInteger turn = new AtomicInteger();
			contenders.put("raw JDBC" + ON_STANDBY, (q) -> rawJdbc(standby.dataSource(), this.floors.unfiltered(), q));
			contenders.put("findNearest" + ON_STANDBY, (q) -> standby.onStandby().nearest(q, K));
			contenders.put("raw JDBC" + ON_BOTH, (q) -> rawJdbc(
					(turn.getAndIncrement() % 2 == 0) ? standby.dataSource() : this.dataSource, this.floors.unfiltered(), q));
			contenders.put("findNearest" + ON_BOTH, (q) -> standby.onBoth().nearest(q, K));
		}
		// The peers' stores are vector columns of 384 dimensions with an index on the column:
		// none of them can index the wide dataset.
		if (!options.wide()) {
			if (options.measures("Spring AI PgVectorStore")) {
				contenders.put("Spring AI PgVectorStore", new SpringAiContender(this.dataSource));
			}
			if (options.measures("LangChain4j PgVectorEmbeddingStore")) {
				contenders.put("LangChain4j PgVectorEmbeddingStore", new LangChain4jContender(this.dataSource));
			}
			contenders.put("Spring Data JPA derived search", (q) -> this.chunks
				.searchTop10ByEmbeddingNear(Vector.of(q), Similarity.of(0, ScoringFunction.cosine()))
				.stream()
				.map((result) -> result.getContent().getEmbeddingUuid())
				.toList());
		}
		HybridContenders hybrid = (options.texts() && (options.measures(HybridContenders.REPOSITORY)
				|| options.measures(HybridContenders.LANGCHAIN4J))) ? new HybridContenders(this.dataSource, queries, this::floorConnection, () -> this.floorEfSearch) : null;
		try {
			if (hybrid != null) {
				contenders.putAll(hybrid.contenders(this.repository, options::measures));
			}
			contenders.keySet().removeIf((name) -> !name.startsWith("raw JDBC") && !options.measures(name));
			return measure(contenders, queries, exactAnswers(queries.subList(0, RECALL_QUERIES), hybrid));
		}
		finally {
			if (hybrid != null) {
				hybrid.close();
			}
		}
	}

	private List<Measurement> measure(Map<String, Function<float[], List<UUID>>> contenders, List<float[]> queries,
			List<Map<String, Set<UUID>>> exact) throws Exception {
		BenchmarkOptions options = this.options;
		List<Measurement> measurements = new ArrayList<>(efSearchSweep(queries, exact, options));
		// Like for like: the floors search with the smallest ef_search that a pgvector expert would
		// choose for recall@10 >= 0.95 on this store, or, where the index's graph never gets there,
		// for recall within 0.015 of the best it gets; the repository chooses one the same way.
		double best = measurements.stream().mapToDouble(Measurement::recallAt10).max().orElse(TARGET_RECALL);
		double target = Math.min(TARGET_RECALL, best - 0.015);
		this.floorEfSearch = measurements.stream()
			.filter((m) -> m.recallAt10() >= target)
			.map((m) -> Integer.parseInt(m.contender().substring(SWEEP.length())))
			.findFirst()
			.orElse(EF_SEARCH_SWEEP[EF_SEARCH_SWEEP.length - 1]);
		logger.info("The floors search with hnsw.ef_search = " + this.floorEfSearch);
		for (int threads : options.threads()) {
			Map<String, Timings> timings = new LinkedHashMap<>();
			for (Map.Entry<String, Function<float[], List<UUID>>> contender : contenders.entrySet()) {
				warmUp(contender.getValue(), queries, threads, warmup(contender.getKey(), options));
				timings.put(contender.getKey(), new Timings());
			}
			// Contenders take turns, round after round, so that a slow spell of the shared machine
			// falls on all of them rather than on whichever ran then.
			for (int round = 0; round < ROUNDS; round++) {
				for (Map.Entry<String, Function<float[], List<UUID>>> contender : contenders.entrySet()) {
					timings.get(contender.getKey())
						.add(measureRound(contender.getValue(), queries, threads, round,
								Math.max(1, queries(contender.getKey(), options) / ROUNDS)));
				}
			}
			for (Map.Entry<String, Function<float[], List<UUID>>> contender : contenders.entrySet()) {
				double recall = recall(contender.getKey(), contender.getValue(), queries.subList(0, RECALL_QUERIES), exact);
				double statements = statementsPerCall(contender.getKey(), contender.getValue(), queries.get(0));
				Timings timing = timings.get(contender.getKey());
				Measurement measurement = Measurement.of(contender.getKey(), threads, timing.latencies(),
						timing.wallNanos, timing.cpuNanos, recall, statements);
				logger.info(measurement);
				measurements.add(measurement);
			}
		}
		return measurements;
	}

	/**
	 * Recall@10 and latency of the unfiltered floor at one thread for each {@code hnsw.ef_search}:
	 * what the store needs for recall held, and what it costs.
	 */
	private List<Measurement> efSearchSweep(List<float[]> queries, List<Map<String, Set<UUID>>> exact,
			BenchmarkOptions options) throws Exception {
		List<Measurement> sweep = new ArrayList<>();
		for (int efSearch : EF_SEARCH_SWEEP) {
			try (Connection connection = this.dataSource.getConnection()) {
				PGvector.registerTypes(connection);
				try (java.sql.Statement statement = connection.createStatement()) {
					statement.execute("set hnsw.ef_search = " + efSearch);
				}
				Function<float[], List<UUID>> search = (q) -> {
					try {
						return rawJdbc(connection, this.floors.unfiltered(), q);
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				};
				for (int i = 0; i < Math.min(options.warmup(), 500); i++) {
					search.apply(queries.get(i % queries.size()));
				}
				Timings timings = measureRound(search, queries, 1, 0, Math.max(1, options.queries() / ROUNDS));
				double recall = recall(SWEEP + efSearch, search, queries.subList(0, RECALL_QUERIES), exact);
				Measurement measurement = Measurement.of(SWEEP + efSearch, 1, timings.latencies(), timings.wallNanos,
						timings.cpuNanos, recall, 1);
				logger.info(measurement);
				sweep.add(measurement);
			}
		}
		return sweep;
	}

	/**
	 * A hybrid search reads every chunk its words match, tens of milliseconds for a common word:
	 * its contenders take at most {@link #HYBRID_WARMUP} warm-up calls (their paths are compiled long
	 * before) and {@link #HYBRID_QUERIES} measured ones per thread, so that a run stays within minutes.
	 */
	private static int warmup(String contender, BenchmarkOptions options) {
		return contender.contains("ybrid") ? Math.min(options.warmup(), HYBRID_WARMUP) : options.warmup();
	}

	private static int queries(String contender, BenchmarkOptions options) {
		return contender.contains("ybrid") ? Math.min(options.queries(), HYBRID_QUERIES) : options.queries();
	}

	private static void warmUp(Function<float[], List<UUID>> search, List<float[]> queries, int threads,
			int warmup) throws Exception {
		int perThread = (int) Math.ceil((double) warmup / threads);
		List<Callable<long[]>> clients = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int offset = t;
			clients.add(() -> {
				for (int i = 0; i < perThread; i++) {
					search.apply(queries.get((offset + i) % queries.size()));
				}
				return new long[0];
			});
		}
		run(clients);
	}

	private static Timings measureRound(Function<float[], List<UUID>> search, List<float[]> queries, int threads,
			int round, int queriesPerThread) throws Exception {
		List<Callable<long[]>> clients = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int offset = t * 7 + round * queriesPerThread;
			clients.add(() -> {
				long[] latencies = new long[queriesPerThread];
				for (int i = 0; i < latencies.length; i++) {
					long started = System.nanoTime();
					search.apply(queries.get((offset + i) % queries.size()));
					latencies[i] = System.nanoTime() - started;
				}
				return latencies;
			});
		}
		long cpuStarted = processCpuNanos();
		long started = System.nanoTime();
		List<long[]> latencies = run(clients);
		Timings timings = new Timings();
		timings.wallNanos = System.nanoTime() - started;
		timings.cpuNanos = processCpuNanos() - cpuStarted;
		timings.latencies.addAll(latencies);
		return timings;
	}

	private static List<long[]> run(List<Callable<long[]>> clients) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(clients.size());
		try {
			List<long[]> results = new ArrayList<>();
			for (Future<long[]> result : executor.invokeAll(clients)) {
				results.add(result.get());
			}
			return results;
		}
		finally {
			executor.shutdown();
		}
	}

	/** One contender's measured calls, summed over the rounds. */
	private static final class Timings {

		private final List<long[]> latencies = new ArrayList<>();

		private long wallNanos;

		private long cpuNanos;

		void add(Timings round) {
			this.latencies.addAll(round.latencies);
			this.wallNanos += round.wallNanos;
			this.cpuNanos += round.cpuNanos;
		}

		long[] latencies() {
			return this.latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
		}

	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/** The standby's pool, and the repositories that search on it. */
	private record Standby(DataSource dataSource, RepositorySearches<?> onStandby, RepositorySearches<?> onBoth) {
	}

	/**
	 * The floors as a pgvector expert writes them for the store's index: ordered by the exact
	 * distance for an index on the column, by the halfvec casts for a halfvec index, and for a
	 * binary quantization the nearest 100 candidates by Hamming distance (10 per result, the
	 * repository's default), re-ranked exactly.
	 */
	private record Floors(String unfiltered, String filtered, String parents) {

		static Floors of(BenchmarkOptions options) {
			String index = options.index();
			int n = options.dimensions();
			String docs = options.docsTable();
			String store = options.storeTable();
			String order = switch (index) {
				case "halfvec" -> "%s.embedding::halfvec(" + n + ") <=> ?1::halfvec(" + n + ")";
				default -> "%s.embedding <=> ?1";
			};
			String candidates = index.equals("binary") ? " and %s.embedding_uuid in (select c.embedding_uuid from "
					+ store + " c where %s order by binary_quantize(c.embedding)::bit(" + n + ") <~> "
					+ "binary_quantize(?1)::bit(" + n + ") limit 100)" : null;
			String inCategory = "id in (select id from " + docs + " where category = 3)";
			return new Floors(
					// An unfiltered search: the store's columns, nearest first.
					"select embedding_uuid, id, chunk_seq, chunk, embedding from " + store + " e where true"
							+ ((candidates != null) ? candidates.formatted("e", "true") : "") + " order by "
							+ order.formatted("e") + " limit ?2",
					// Among the chunks of some parents, as a pgvector user writes it: the filter as a
					// semi-join, an iterative index scan (set once per connection) so that it still
					// finds k rows.
					"select embedding_uuid, id, chunk_seq, chunk, embedding from " + store + " e where "
							+ ((candidates != null) ? "true" + candidates.formatted("e", "c." + inCategory) : inCategory)
							+ " order by " + order.formatted("e") + " limit ?2",
					// The nearest parents, each with its best chunk: the chunks no sibling is nearer
					// than, in index order, with the parent's columns.
					"select e.embedding_uuid, e.id, e.chunk_seq, e.chunk, e.embedding, p.category, p.title, "
							+ "e.embedding <=> ?1 from " + store + " e join " + docs + " p on p.id = e.id "
							+ "where e.embedding <=> ?1 = (select min(s.embedding <=> ?1) from " + store + " s "
							+ "where s.id = e.id)" + ((candidates != null) ? candidates.formatted("e", "true") : "")
							+ " order by " + order.formatted("e") + " limit ?2");
		}

	}

	/** Connections already set up for the floors: pgvector-java's types, the iterative scan. */
	private final Set<Object> preparedConnections = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private List<UUID> rawJdbc(String sql, float[] query) {
		return rawJdbc(this.dataSource, sql, query);
	}

	private List<UUID> rawJdbc(DataSource server, String sql, float[] query) {
		try (Connection connection = floorConnection(server)) {
			return rawJdbc(connection, sql, query);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A connection of the main pool set up for the floors, the first time it serves one. */
	private Connection floorConnection() throws SQLException {
		return floorConnection(this.dataSource);
	}

	/** A connection of a pool set up for the floors, the first time it serves one. */
	private Connection floorConnection(DataSource server) throws SQLException {
		Connection connection = server.getConnection();
		Object physical = connection.unwrap(org.postgresql.PGConnection.class);
		if (this.preparedConnections.add(physical)) {
			// pgvector-java's documented setup: PgJDBC then moves vectors in binary.
			PGvector.registerTypes(connection);
			try (java.sql.Statement statement = connection.createStatement()) {
				statement.execute("set hnsw.iterative_scan = strict_order");
				statement.execute("set hnsw.ef_search = " + this.floorEfSearch);
			}
		}
		return connection;
	}

	private static List<UUID> rawJdbc(Connection connection, String sql, float[] query) throws SQLException {
		// ?1 and ?2 stand for the query vector and k; JDBC numbers each '?' on its own.
		String jdbc = sql.replace("?1", "?").replace("?2", "?");
		int vectors = sql.split("\\?1", -1).length - 1;
		try (PreparedStatement statement = connection.prepareStatement(jdbc)) {
			PGvector vector = new PGvector(query);
			for (int i = 1; i <= vectors; i++) {
				statement.setObject(i, vector);
			}
			statement.setInt(vectors + 1, K);
			List<UUID> uuids = new ArrayList<>(K);
			try (ResultSet rs = statement.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					uuids.add(rs.getObject(1, UUID.class));
					rs.getLong(2);
					rs.getInt(3);
					rs.getString(4);
					((PGvector) rs.getObject(5)).toArray();
					for (int c = 6; c <= columns; c++) {
						rs.getObject(c);
					}
				}
			}
			return uuids;
		}
	}

	/** The exact top 10 of each query, unfiltered and filtered, with the index switched off. */
	private List<Map<String, Set<UUID>>> exactAnswers(List<float[]> queries, @Nullable HybridContenders hybrid)
			throws SQLException {
		List<Map<String, Set<UUID>>> answers = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			connection.createStatement().execute("set local enable_indexscan = off");
			for (float[] query : queries) {
				Map<String, Set<UUID>> answer = new LinkedHashMap<>();
				answer.put("all", exact(connection, query, ""));
				answer.put("filtered", exact(connection, query,
						"where id in (select id from " + this.options.docsTable() + " where category = 3)"));
				answer.put("parents", exactParents(connection, query));
				if (hybrid != null) {
					answer.put("hybrid", hybrid.exact(connection, query));
				}
				answers.add(answer);
			}
			connection.rollback();
		}
		return answers;
	}

	private Set<UUID> exact(Connection connection, float[] query, String where) throws SQLException {
		return uuids(connection, "select embedding_uuid from " + this.options.storeTable() + " " + where
				+ " order by embedding <=> ? limit " + K, query);
	}

	private Set<UUID> exactParents(Connection connection, float[] query) throws SQLException {
		return uuids(connection, "select embedding_uuid from (select distinct on (id) embedding_uuid, embedding <=> ? d "
				+ "from " + this.options.storeTable() + " order by id, d) best order by d limit " + K, query);
	}

	private static Set<UUID> uuids(Connection connection, String sql, float[] query) throws SQLException {
		Set<UUID> uuids = new HashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, new PGvector(query));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					uuids.add(rs.getObject(1, UUID.class));
				}
			}
		}
		return uuids;
	}

	private static double recall(String name, Function<float[], List<UUID>> search, List<float[]> queries,
			List<Map<String, Set<UUID>>> exact) {
		String kind = name.contains("ybrid") ? "hybrid" : name.contains("filter") ? "filtered"
				: (name.contains("Parents") || name.contains("parents")) ? "parents" : "all";
		double found = 0;
		for (int i = 0; i < queries.size(); i++) {
			Set<UUID> truth = exact.get(i).get(kind);
			found += search.apply(queries.get(i)).stream().filter(truth::contains).count() / (double) K;
		}
		return found / queries.size();
	}

	private double statementsPerCall(String name, Function<float[], List<UUID>> search, float[] query) {
		if (name.startsWith("raw")) {
			return 1;
		}
		if (!name.startsWith("find") && !name.startsWith("Spring Data JPA")) {
			// Not Hibernate: its statements are not counted.
			return -1;
		}
		this.statistics.setStatisticsEnabled(true);
		this.statistics.clear();
		search.apply(query);
		double statements = this.statistics.getPrepareStatementCount();
		this.statistics.setStatisticsEnabled(false);
		return statements;
	}

}
