package io.pgai.spring.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the results as JSON and as a Markdown table, ratios to the floor first.
 */
final class Report {

	private Report() {
	}

	static void write(BenchmarkOptions options, List<Measurement> search, @Nullable List<Map<String, Object>> freeProvider,
			@Nullable Map<String, Object> localModel) throws IOException {
		Files.createDirectories(options.output());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("date", OffsetDateTime.now().toString());
		json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
		json.put("options", options.toString());
		if (options.search()) {
			json.put("search", search);
		}
		if (freeProvider != null && localModel != null) {
			json.put("vectorizerFreeProvider", freeProvider);
			json.put("vectorizerLocalModel", localModel);
		}
		Files.writeString(options.output().resolve("results.json"),
				JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(json));
		Files.writeString(options.output().resolve("results.md"), markdown(options, search, freeProvider, localModel));
	}

	static String markdown(BenchmarkOptions options, List<Measurement> search,
			@Nullable List<Map<String, Object>> freeProvider, @Nullable Map<String, Object> localModel) {
		StringBuilder md = new StringBuilder("# Benchmark results\n\n");
		md.append(String.format(Locale.ROOT, "%s; %d chunks of %d dimensions over %d parents, HNSW cosine on `%s` (m = %d, "
				+ "ef_construction = %d), k = 10; %d measured queries per thread after %d warm-up queries shared among the "
				+ "threads.%n%n", OffsetDateTime.now().toLocalDate(), options.chunks(), options.dimensions(), options.parents(),
				options.indexDefinition(), options.hnswM(), options.hnswEfConstruction(), options.queries(), options.warmup()));
		if (options.search()) {
			search(md, search);
		}
		if (freeProvider != null && localModel != null) {
			vectorizer(md, freeProvider, localModel);
		}
		return md.toString();
	}

	private static void search(StringBuilder md, List<Measurement> search) {
		md.append("## Search: ratios to the floor of the same shape (lower p50 ratio and higher throughput ratio are better)\n\n");
		md.append("Each shape's floor is hand-written SQL through raw JDBC with binary vectors: `raw JDBC` for the "
				+ "unfiltered searches, `raw JDBC parents` for the nearest parents, `raw JDBC + filter` for the filtered search, "
				+ "`raw JDBC hybrid` for the hybrid searches (40 candidates a side, `websearch_to_tsquery` and `ts_rank_cd` in "
				+ "English, RRF k 60; LangChain4j takes 60 a side, `plainto_tsquery` and `ts_rank`).\n\n");
		md.append("| Contender | Threads | Floor | p50 ratio | Throughput ratio | Recall@10 | Statements/call | Target |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		List<Measurement> sweep = search.stream().filter((m) -> m.contender().startsWith(SearchBenchmark.SWEEP)).toList();
		search = search.stream().filter((m) -> !sweep.contains(m)).toList();
		for (Measurement m : search) {
			String floorName = floorOf(m.contender());
			Measurement floor = search.stream()
				.filter((f) -> f.threads() == m.threads() && f.contender().equals(floorName))
				.findFirst()
				.orElse(m);
			double p50 = m.p50Micros() / floor.p50Micros();
			double throughput = m.throughput() / floor.throughput();
			String target = m.contender().startsWith("find")
					? ((p50 <= 1.10 && throughput >= 0.9 && m.statementsPerCall() == 1) ? "met (≤ 1.10x, ≥ 0.9x, 1 statement)"
							: "missed (≤ 1.10x, ≥ 0.9x, 1 statement)")
					: "";
			md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2fx | %.2fx | %.3f | %s | %s |%n", m.contender(),
					m.threads(), floorName, p50, throughput, m.recallAt10(),
					(m.statementsPerCall() < 0) ? "n/a" : String.format(Locale.ROOT, "%.0f", m.statementsPerCall()),
					target));
		}
		if (!sweep.isEmpty()) {
			md.append("\n## Recall by hnsw.ef_search\n\nThe unfiltered floor at 1 thread with each `hnsw.ef_search`; the "
					+ "floors above use the smallest that reaches recall@10 0.95.\n\n| ef_search | Recall@10 | p50 (µs) | p99 (µs) |\n|---|---|---|---|\n");
			for (Measurement m : sweep) {
				md.append(String.format(Locale.ROOT, "| %s | %.3f | %.0f | %.0f |%n",
						m.contender().substring(SearchBenchmark.SWEEP.length()), m.recallAt10(), m.p50Micros(), m.p99Micros()));
			}
		}
		md.append("\n## Search: absolute numbers\n\nClient CPU is the benchmark JVM's CPU time (all its threads) per measured call.\n\n"
				+ "| Contender | Threads | p50 (µs) | p99 (µs) | Calls/s | Client CPU/call (µs) |\n|---|---|---|---|---|---|\n");
		for (Measurement m : search) {
			md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f |%n", m.contender(), m.threads(),
					m.p50Micros(), m.p99Micros(), m.throughput(), m.clientCpuMicrosPerCall()));
		}
	}

	/** The hand-written search a contender is measured against: the one of the same shape. */
	static String floorOf(String contender) {
		if (contender.startsWith("raw JDBC")) {
			return contender;
		}
		if (contender.contains("ybrid")) {
			return HybridContenders.FLOOR;
		}
		if (contender.endsWith(SearchBenchmark.ON_BOTH)) {
			return "raw JDBC" + SearchBenchmark.ON_BOTH;
		}
		if (contender.endsWith(SearchBenchmark.ON_STANDBY)) {
			return "raw JDBC" + SearchBenchmark.ON_STANDBY;
		}
		if (contender.equals("findNearestParents")) {
			return "raw JDBC parents";
		}
		if (contender.equals("findNearest + filter")) {
			return "raw JDBC + filter";
		}
		return "raw JDBC";
	}

	private static void vectorizer(StringBuilder md, List<Map<String, Object>> freeProvider,
			Map<String, Object> localModel) {
		md.append("\n## Vectorizer backfill\n\n| Run | Ratio to floor | Target | Worker | Floor | Chunks | Peak heap |\n|---|---|---|---|---|---|---|\n");
		for (Map<String, Object> free : freeProvider) {
			md.append(String.format(Locale.ROOT,
					"| (a) provider that costs nothing vs plain COPY, %s batch%s in flight | %.2fx | ≥ %.1fx %s | %.0f rows/s | %.0f rows/s | %s | %.0f MB |%n",
					free.get("concurrency"), ((int) free.get("concurrency") == 1) ? "" : "es", (double) free.get("ratio"),
					(double) free.get("target"), met(free), (double) free.get("workerRowsPerSecond"),
					(double) free.get("copyRowsPerSecond"), free.get("chunks"), (double) free.get("peakHeapMb")));
		}
		md.append(String.format(Locale.ROOT, "| (b) in-process all-MiniLM-L6-v2 vs its own embedAll | %.2fx | ≥ %.1fx %s | %.0f chunks/s | %.0f chunks/s | %s | %.0f MB |%n",
				(double) localModel.get("ratio"), (double) localModel.get("target"), met(localModel),
				(double) localModel.get("workerChunksPerSecond"), (double) localModel.get("rawModelChunksPerSecond"),
				localModel.get("chunks"), (double) localModel.get("peakHeapMb")));
	}

	private static String met(Map<String, Object> result) {
		return ((double) result.get("ratio") >= (double) result.get("target")) ? "met" : "missed";
	}

}
