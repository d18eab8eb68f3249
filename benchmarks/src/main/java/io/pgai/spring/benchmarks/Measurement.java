package io.pgai.spring.benchmarks;

import java.util.Arrays;

/**
 * Latencies and throughput of one contender at one thread count.
 *
 * @param contender the contender
 * @param threads client threads
 * @param calls measured calls
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param throughput calls per second over all threads
 * @param recallAt10 share of the exact top 10 found, 0 to 1
 * @param statementsPerCall SQL statements per call, or -1 where not counted
 * @param clientCpuMicrosPerCall CPU time of the benchmark's JVM (every thread, JIT and GC included) per
 * measured call: the client's share of the cores it shares with PostgreSQL
 */
record Measurement(String contender, int threads, int calls, double p50Micros, double p99Micros, double throughput,
		double recallAt10, double statementsPerCall, double clientCpuMicrosPerCall) {

	static Measurement of(String contender, int threads, long[] latenciesNanos, long wallNanos, long cpuNanos,
			double recall, double statements) {
		long[] sorted = latenciesNanos.clone();
		Arrays.sort(sorted);
		return new Measurement(contender, threads, sorted.length, percentile(sorted, 0.50) / 1e3,
				percentile(sorted, 0.99) / 1e3, sorted.length / (wallNanos / 1e9), recall, statements, cpuNanos / 1e3 / sorted.length);
	}

	private static double percentile(long[] sorted, double p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

}
