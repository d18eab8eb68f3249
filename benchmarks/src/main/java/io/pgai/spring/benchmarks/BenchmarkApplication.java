package io.pgai.spring.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.repository.EmbeddingRepositoryFactory;
import io.pgai.spring.repository.HnswSessionSettings;
import io.pgai.spring.repository.HybridSearchSettings;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ResolvableType;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * Runs the search and vectorizer benchmarks in a database of their own ({@code pgai_bench}, beside
 * the one in {@code PGAI_DATABASE_URL} or scripts/postgres.sh's) and writes
 * {@code results.json} and {@code results.md}.
 */
@SpringBootApplication
public class BenchmarkApplication {

	private static final Log logger = LogFactory.getLog(BenchmarkApplication.class);

	public static void main(String[] args) throws Exception {
		BenchmarkOptions options = BenchmarkOptions.parse(args);
		// The large dataset lives in a database of its own, so neither run rebuilds the other's.
		String url = benchDatabase(System.getenv().getOrDefault("PGAI_DATABASE_URL",
				"jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
				((options.chunks() > 100_000) ? "pgai_bench_" + options.chunks() : "pgai_bench")
						+ options.indexSuffix());
		try (Connection connection = DriverManager.getConnection(url)) {
			SearchDataset.prepare(connection, options);
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.properties(Map.of("spring.datasource.url", url, "spring.datasource.hikari.maximum-pool-size", "16",
					"spring.jpa.open-in-view", "false", "pgai.search.max-k", "100",
					"pgai.vectorizer.worker.poll-interval", "100ms", "pgai.vectorizer.worker.batch-size", "100",
					"pgai.vectorizer.worker.progress-interval", "5s", "pgai.search.hybrid.text-search-config",
					"english"))
			.run(args)) {
			run(context, options);
		}
	}

	/**
	 * The embedder of hybrid searches' query texts: the vector the benchmark paired with the text,
	 * so that the measured call runs no model.
	 */
	@Bean
	QueryEmbedder pairedQueryVectors() {
		return (text, store) -> {
			float[] vector = RepositorySearches.QUERY_VECTOR.get();
			if (vector == null) {
				throw new IllegalStateException("The benchmark embeds text queries only in hybrid searches");
			}
			return vector;
		};
	}

	static void run(ConfigurableApplicationContext context, BenchmarkOptions options) throws Exception {
		Class<?> parent = options.wide() ? WideBenchDoc.class : BenchDoc.class;
		RepositorySearches<?> repository = new RepositorySearches<>((EmbeddingRepository<?>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, parent))
			.getObject());
		DataSource dataSource = context.getBean(DataSource.class);
		List<Measurement> search = List.of();
		if (options.search()) {
			// The worker would poll the catalog and the queues of earlier runs' vectorizers
			// meanwhile: CPU on both sides that no contender should be charged with.
			VectorizerWorker worker = context.getBean(VectorizerWorker.class);
			worker.stop();
			try {
				SearchBenchmark benchmark = new SearchBenchmark(dataSource, repository,
						options.wide() ? null : observed(context), context.getBean(BenchChunks.class),
						context.getBean(EntityManagerFactory.class), options);
				if (options.replica().isEmpty()) {
					search = benchmark.run();
				}
				else {
					try (StandbySearches standby = StandbySearches.open(context, options.replica(),
							context.getEnvironment().getRequiredProperty("spring.datasource.url"))) {
						search = benchmark.withStandby(standby.dataSource(), standby.onStandby(), standby.onBoth()).run();
					}
				}
			}
			finally {
				worker.start();
			}
		}
		List<Map<String, Object>> free = null;
		Map<String, Object> local = null;
		if (options.vectorizer()) {
			VectorizerBenchmark vectorizer = new VectorizerBenchmark(dataSource,
					context.getEnvironment().getProperty("pgai.vectorizer.worker.batch-size", Integer.class, 50));
			vectorizer.warmUp(options.vectorizerRows() / 2);
			// One batch in flight is the default; two overlap one batch's embedding with the other's writes.
			free = List.of(vectorizer.freeProvider(options.vectorizerRows(), 1),
					vectorizer.freeProvider(options.vectorizerRows(), 2));
			local = vectorizer.localModel(options.modelRows());
		}
		Report.write(options, search, free, local);
		logger.info("Results written to " + options.output().toAbsolutePath() + "\n"
				+ Report.markdown(options, search, free, local));
	}

	/** The benchmark's own database on the same server, created on first use. */
	/**
	 * The store's repository with every search observed, a Micrometer timer recording each, as
	 * Boot's metrics would: the same factory the starter uses, given a real registry.
	 */
	private static RepositorySearches<BenchDoc> observed(ConfigurableApplicationContext context) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
		return new RepositorySearches<>(new EmbeddingRepositoryFactory(
				SharedEntityManagerCreator.createSharedEntityManager(context.getBean(EntityManagerFactory.class)),
				context.getBean(VectorizerRelationships.class), context.getBean(HnswSessionSettings.class), () -> {
					throw new IllegalStateException("The benchmark searches by vector");
				}, 100, context.getBean(HybridSearchSettings.class), registry)
			.create(BenchDoc.class, "chunks"));
	}

	static String benchDatabase(String url, String name) throws Exception {
		Matcher matcher = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)").matcher(url);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + url);
		}
		try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from pg_database where datname = '" + name + "'")) {
			rs.next();
			if (rs.getLong(1) == 0) {
				statement.execute("create database " + name);
			}
		}
		return matcher.group(1) + name + matcher.group(3);
	}

}
