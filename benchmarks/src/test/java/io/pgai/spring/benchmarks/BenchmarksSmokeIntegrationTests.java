package io.pgai.spring.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark harness end to end at toy sizes: it runs, and its report says what it measured.
 * Not a performance test: the numbers are not asserted.
 */
class BenchmarksSmokeIntegrationTests {

	@Test
	@SuppressWarnings("unchecked")
	void theHarnessRunsAndWritesItsReports() throws Exception {
		Path output = Path.of("target/benchmark-smoke");
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--chunks=2000", "--parents=400",
				"--queries=20", "--warmup=5", "--threads=1,2", "--vectorizer-rows=40", "--model-rows=10",
				"--output=" + output });
		TestDatabase database = TestDatabase.fresh("pgai_bench_smoke");
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password())) {
			SearchDataset.prepare(connection, options);
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.properties(Map.of("spring.datasource.url", database.url(), "spring.datasource.username",
					database.username(), "spring.datasource.password", database.password(),
					"pgai.vectorizer.worker.poll-interval", "100ms", "pgai.search.hybrid.text-search-config",
					"english"))
			.run()) {
			BenchmarkApplication.run(context, options);
		}
		Map<String, Object> results = JsonMapper.builder().build()
			.readValue(output.resolve("results.json").toFile(), Map.class);
		List<Map<String, Object>> search = (List<Map<String, Object>>) results.get("search");
		assertThat(search).extracting((m) -> m.get("contender"))
			.contains("raw JDBC", "findNearest", "raw JDBC parents", "findNearestParents", "raw JDBC + filter",
					"findNearest + filter", "Spring AI PgVectorStore",
					"LangChain4j PgVectorEmbeddingStore", "Spring Data JPA derived search", "raw JDBC hybrid",
					"findHybrid", "LangChain4j hybrid");
		assertThat(search).filteredOn((m) -> m.get("contender").equals("Spring Data JPA derived search"))
			.allSatisfy((m) -> assertThat(((Number) m.get("recallAt10")).doubleValue()).isGreaterThan(0.8));
		assertThat(search).filteredOn((m) -> m.get("contender").toString().startsWith("find"))
			.allSatisfy((m) -> assertThat(((Number) m.get("statementsPerCall")).doubleValue()).isEqualTo(1));
		// The ef_search sweep: one round of the unfiltered floor for each value, at one thread.
		assertThat(search).filteredOn((m) -> m.get("contender").toString().startsWith(SearchBenchmark.SWEEP))
			.extracting((m) -> m.get("contender").toString().substring(SearchBenchmark.SWEEP.length()))
			.containsExactly("40", "100", "200", "400", "600", "800", "1000");
		assertThat(search).filteredOn((m) -> !m.get("contender").toString().startsWith(SearchBenchmark.SWEEP))
			.allSatisfy((m) -> {
				// Every thread's share of the rounds: 20 queries in 5 rounds of 4.
				assertThat(((Number) m.get("calls")).intValue()).isEqualTo(20 * ((Number) m.get("threads")).intValue());
				// The process CPU clock ticks in 10 ms here: 20 short calls may fall within one tick.
				assertThat(((Number) m.get("clientCpuMicrosPerCall")).doubleValue()).isNotNegative();
			});
		assertThat(search.stream().mapToDouble((m) -> ((Number) m.get("clientCpuMicrosPerCall")).doubleValue()).sum())
			.isPositive();
		// Each floor answers its shape's question: its recall is against that shape's exact answer.
		assertThat(search).filteredOn((m) -> m.get("contender").toString().startsWith("raw JDBC"))
			.allSatisfy((m) -> assertThat(((Number) m.get("recallAt10")).doubleValue()).isGreaterThan(0.8));
		assertThat((List<Map<String, Object>>) results.get("vectorizerFreeProvider"))
			.extracting((m) -> ((Number) m.get("concurrency")).intValue())
			.containsExactly(1, 2);
		assertThat((List<Map<String, Object>>) results.get("vectorizerFreeProvider"))
			.allSatisfy((m) -> assertThat(((Number) m.get("chunks")).longValue()).isPositive());
		assertThat(((Number) ((Map<String, Object>) results.get("vectorizerLocalModel")).get("chunks")).longValue())
			.isPositive();
		assertThat(Files.readString(output.resolve("results.md"))).contains("## Search: ratios to the floor of the same shape")
			.contains("## Recall by hnsw.ef_search")
			.contains("## Vectorizer backfill");
	}

}
