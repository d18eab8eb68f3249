package io.pgai.spring.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What to measure and how much: {@code --chunks=100000 --parents=20000 --queries=1000 --warmup=8000
 * --threads=1,8 --vectorizer-rows=10000 --model-rows=1000 --output=results (in the module)}; {@code --large}
 * for 1,000,000 chunks; {@code --search-only} or {@code --vectorizer-only} to run one half;
 * {@code --contenders=raw,findNearest} to measure only the search contenders whose names start so;
 * {@code --hnsw-m=16 --hnsw-ef-construction=64} for the search index's graph (pgvector's defaults);
 * {@code --index=vector|halfvec|binary} for what the search index is built on;
 * {@code --replica=jdbc:postgresql://127.0.0.1:5433/test?user=postgres} (scripts/replica.sh's) to
 * measure searches on a hot standby too, alone and beside the primary.
 *
 * @param chunks chunks in the search store
 * @param parents parents of those chunks
 * @param queries measured queries per thread
 * @param warmup warm-up queries per contender and thread count, shared among the threads: enough
 * for the JIT to compile every contender's path fully before it is measured
 * @param threads client thread counts
 * @param vectorizerRows rows of the free-provider backfill
 * @param modelRows rows of the in-process model backfill
 * @param output where the JSON and Markdown reports go
 * @param search whether to run the search benchmark
 * @param vectorizer whether to run the vectorizer benchmark
 * @param contenders name prefixes of the search contenders to measure, empty for all
 * @param hnswM the search index's {@code m}
 * @param hnswEfConstruction the search index's {@code ef_construction}
 * @param index what the search index is built on: {@code vector}, {@code halfvec} or {@code binary}
 * @param dimensions the search dataset's dimensions: 384, or 3,072 for the wide dataset of its own tables
 * @param replica the JDBC URL of a hot standby of the benchmark's server, or empty for none
 */
public record BenchmarkOptions(int chunks, int parents, int queries, int warmup, List<Integer> threads,
		int vectorizerRows, int modelRows, Path output, boolean search, boolean vectorizer,
		List<String> contenders, int hnswM, int hnswEfConstruction, String index, int dimensions, String replica) {

	/** The dimensions of the default dataset ({@link BenchDoc}). */
	static final int DIMENSIONS = 384;

	/** The dimensions of the wide dataset ({@link WideBenchDoc}), OpenAI's text-embedding-3-large. */
	static final int WIDE_DIMENSIONS = 3072;

	static BenchmarkOptions parse(String[] args) {
		List<String> flags = Arrays.asList(args);
		boolean large = flags.contains("--large");
		if (flags.contains("--search-only") && flags.contains("--vectorizer-only")) {
			throw new IllegalArgumentException("Use --search-only or --vectorizer-only, not both");
		}
		int chunks = integer(args, "chunks", large ? 1_000_000 : 100_000);
		return new BenchmarkOptions(chunks, integer(args, "parents", chunks / 5), integer(args, "queries", 1000),
				integer(args, "warmup", 8000),
				Arrays.stream(text(args, "threads", "1,8").split(",")).map(Integer::parseInt).toList(),
				integer(args, "vectorizer-rows", 10_000), integer(args, "model-rows", 1_000),
				Path.of(text(args, "output", "results")), !flags.contains("--vectorizer-only"),
				!flags.contains("--search-only"),
				Arrays.stream(text(args, "contenders", "").split(",")).filter((name) -> !name.isBlank()).toList(),
				integer(args, "hnsw-m", 16), integer(args, "hnsw-ef-construction", 64), text(args, "index", "vector"),
				dimensions(integer(args, "dimensions", DIMENSIONS)), text(args, "replica", ""));
	}

	private static int dimensions(int dimensions) {
		if (dimensions != DIMENSIONS && dimensions != WIDE_DIMENSIONS) {
			throw new IllegalArgumentException(
					"--dimensions is " + DIMENSIONS + " or " + WIDE_DIMENSIONS + " (the mapped datasets), not " + dimensions);
		}
		return dimensions;
	}

	/**
	 * Whether the chunks hold real text, passages of the sample's manual, for the hybrid searches:
	 * the default dataset only, which the peers' stores copy too.
	 */
	boolean texts() {
		return !wide() && this.chunks <= 100_000;
	}

	/** Whether the run searches the wide dataset, where only the floors and the repository take part. */
	boolean wide() {
		return this.dimensions == WIDE_DIMENSIONS;
	}

	/** The dataset's parent table; its store is this name with {@code _embedding_store}. */
	String docsTable() {
		return wide() ? "bench_wide_docs" : "bench_docs";
	}

	String storeTable() {
		return docsTable() + "_embedding_store";
	}

	/** Whether the search index is pgvector's default graph on the vectors themselves. */
	boolean defaultIndex() {
		return this.hnswM == 16 && this.hnswEfConstruction == 64 && this.index.equals("vector");
	}

	/** The index's and the width's part of the database's name, empty for the default index and width. */
	String indexSuffix() {
		return (defaultIndex() ? "" : "_" + this.index + "_m" + this.hnswM + "_efc" + this.hnswEfConstruction)
				+ (wide() ? "_d" + this.dimensions : "");
	}

	/** The index's columns and operator class. */
	String indexDefinition() {
		return switch (this.index) {
			case "vector" -> "embedding vector_cosine_ops";
			case "halfvec" -> "(embedding::halfvec(" + this.dimensions + ")) halfvec_cosine_ops";
			case "binary" -> "(binary_quantize(embedding)::bit(" + this.dimensions + ")) bit_hamming_ops";
			default -> throw new IllegalArgumentException("--index is vector, halfvec or binary, not " + this.index);
		};
	}

	boolean measures(String contender) {
		return this.contenders.isEmpty() || this.contenders.stream().anyMatch(contender::startsWith);
	}

	private static int integer(String[] args, String name, int fallback) {
		return Integer.parseInt(text(args, name, String.valueOf(fallback)));
	}

	private static String text(String[] args, String name, String fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return arg.substring(name.length() + 3);
			}
		}
		return fallback;
	}

}
