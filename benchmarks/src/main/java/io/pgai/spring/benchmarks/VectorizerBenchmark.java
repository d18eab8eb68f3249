package io.pgai.spring.benchmarks;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.chunking.RecursiveCharacterTextSplitter;
import io.pgai.spring.vectorizer.chunking.TextSplitter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Backfills measured against their floors: (a) the worker with a provider that costs nothing
 * against a plain {@code COPY} of the same chunks; (b) the worker with the in-process model
 * against the same model's {@code embedAll} in the same JVM. Peak heap is sampled throughout.
 */
class VectorizerBenchmark {

	private static final Log logger = LogFactory.getLog(VectorizerBenchmark.class);

	private static final String[] WORDS = ("vector search postgres spring worker chunk embedding model query index "
			+ "table row column schema batch queue retry backoff latency throughput memory heap thread pool "
			+ "garden river mountain coffee music history travel city bicycle library window morning evening")
		.split(" ");

	private static final UnaryOperator<CreateVectorizer> LOCAL_MODEL = (vectorizer) -> vectorizer
		.embeddingLocal("all-MiniLM-L6-v2", 384);

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final int batchSize;

	VectorizerBenchmark(DataSource dataSource, int batchSize) {
		this.dataSource = dataSource;
		this.batchSize = batchSize;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Runs the worker's whole path once with each provider, unmeasured, so that the measured
	 * backfills compare warm code (and a loaded model) with a warm floor rather than the JIT's
	 * first minutes and the model's loading.
	 * @param rows the rows of the free-provider warm-up backfill
	 */
	void warmUp(int rows) throws Exception {
		createSource("bench_warmup_articles", rows);
		try (FreeEmbeddingServer server = new FreeEmbeddingServer()) {
			backfill("bench_warmup_articles", freeProvider(server, 1));
		}
		createSource("bench_warmup_articles", 8);
		backfill("bench_warmup_articles", LOCAL_MODEL);
		dropSource("bench_warmup_articles");
	}

	/**
	 * Backfill (a) with the given batches in flight. The floor and the worker take turns three
	 * times, so that a slow spell of the shared machine does not fall on one of them only, and
	 * the fastest of each is compared.
	 */
	Map<String, Object> freeProvider(int rows, int concurrency) throws Exception {
		TextSplitter splitter = new RecursiveCharacterTextSplitter(800, 400,
				RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false);
		createSource("bench_articles", rows);
		List<String> bodies = this.jdbc.queryForList("select body from bench_articles order by id", String.class);
		try (FreeEmbeddingServer server = new FreeEmbeddingServer(); HeapSampler heap = new HeapSampler()) {
			long copyNanos = Long.MAX_VALUE;
			long workerNanos = Long.MAX_VALUE;
			for (int round = 0; round < 3; round++) {
				copyNanos = Math.min(copyNanos, copyFloor(bodies, splitter, server.vector()));
				workerNanos = Math.min(workerNanos, backfill("bench_articles", freeProvider(server, concurrency)));
			}
			long chunks = this.jdbc.queryForObject("select count(*) from bench_articles_embedding_store", Long.class);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("rows", rows);
			result.put("concurrency", concurrency);
			result.put("chunks", chunks);
			result.put("copyRowsPerSecond", rows / (copyNanos / 1e9));
			result.put("workerRowsPerSecond", rows / (workerNanos / 1e9));
			result.put("ratio", (double) copyNanos / workerNanos);
			result.put("target", 0.7);
			result.put("peakHeapMb", heap.peakMb());
			logger.info("Free provider backfill: " + result);
			return result;
		}
	}

	/**
	 * Backfill (b): the model's own {@code embedAll} and the worker take turns twice, the fastest
	 * of each compared, as in (a).
	 */
	Map<String, Object> localModel(int rows) throws Exception {
		TextSplitter splitter = new RecursiveCharacterTextSplitter(800, 400,
				RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false);
		createSource("bench_model_articles", rows);
		List<TextSegment> segments = new ArrayList<>();
		for (String body : this.jdbc.queryForList("select body from bench_model_articles order by id", String.class)) {
			splitter.split(body).forEach((chunk) -> segments.add(TextSegment.from(chunk)));
		}
		AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
		model.embedAll(segments.subList(0, Math.min(64, segments.size())));
		try (HeapSampler heap = new HeapSampler()) {
			long rawNanos = Long.MAX_VALUE;
			long workerNanos = Long.MAX_VALUE;
			for (int round = 0; round < 2; round++) {
				long rawStarted = System.nanoTime();
				for (int from = 0; from < segments.size(); from += 64) {
					model.embedAll(segments.subList(from, Math.min(segments.size(), from + 64)));
				}
				rawNanos = Math.min(rawNanos, System.nanoTime() - rawStarted);
				workerNanos = Math.min(workerNanos, backfill("bench_model_articles", LOCAL_MODEL));
			}
			long chunks = this.jdbc.queryForObject("select count(*) from bench_model_articles_embedding_store", Long.class);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("rows", rows);
			result.put("chunks", chunks);
			result.put("rawModelChunksPerSecond", segments.size() / (rawNanos / 1e9));
			result.put("workerChunksPerSecond", chunks / (workerNanos / 1e9));
			result.put("ratio", (chunks / (workerNanos / 1e9)) / (segments.size() / (rawNanos / 1e9)));
			result.put("target", 0.9);
			result.put("peakHeapMb", heap.peakMb());
			logger.info("In-process model backfill: " + result);
			return result;
		}
	}

	private UnaryOperator<CreateVectorizer> freeProvider(FreeEmbeddingServer server, int concurrency) {
		return (vectorizer) -> vectorizer.embeddingOpenAi("free", BenchmarkOptions.DIMENSIONS, "BENCH_API_KEY", server.baseUrl())
			.processing(this.batchSize, concurrency);
	}

	/**
	 * Creates a vectorizer on a source table, after dropping the one an earlier round left with
	 * its store, and waits until the worker has emptied its queue.
	 * @return how long that took, from creating the vectorizer (which queues every row)
	 */
	private long backfill(String table, UnaryOperator<CreateVectorizer> embedding) throws InterruptedException {
		dropVectorizer(table);
		long started = System.nanoTime();
		embedding.apply(CreateVectorizer.source(table).loadingColumn("body")).execute(this.jdbc);
		awaitEmpty("public_" + table + "_embedding_store");
		return System.nanoTime() - started;
	}

	private void dropVectorizer(String table) {
		this.jdbc.execute("select ai.drop_vectorizer(id, drop_all => true) from ai.vectorizer where source_table = '"
				+ table + "'");
	}

	private void dropSource(String table) {
		dropVectorizer(table);
		this.jdbc.execute("drop table if exists " + table + " cascade");
	}

	private void createSource(String table, int rows) {
		dropSource(table);
		this.jdbc.execute("create table " + table + " (id bigint primary key, body text not null)");
		Random random = new Random(SearchDataset.SEED + table.length());
		List<Object[]> batch = new ArrayList<>();
		for (int id = 1; id <= rows; id++) {
			batch.add(new Object[] { (long) id, text(random, 1000) });
		}
		this.jdbc.batchUpdate("insert into " + table + " values (?, ?)", batch);
	}

	private long copyFloor(List<String> bodies, TextSplitter splitter, String vector) throws Exception {
		this.jdbc.execute("drop table if exists bench_copy_floor");
		this.jdbc.execute("create table bench_copy_floor (embedding_uuid uuid primary key default gen_random_uuid(), "
				+ "id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(384) not null, "
				+ "unique (id, chunk_seq))");
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < bodies.size(); i++) {
			int seq = 0;
			for (String chunk : splitter.split(bodies.get(i))) {
				lines.add(UUID.randomUUID() + "\t" + (i + 1) + "\t" + seq++ + "\t" + chunk.replace("\\", "\\\\")
					.replace("\t", "\\t").replace("\n", "\\n") + "\t" + vector + "\n");
			}
		}
		long started = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection();
				Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(connection
					.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn("copy bench_copy_floor (embedding_uuid, id, chunk_seq, chunk, embedding) from stdin")),
						StandardCharsets.UTF_8), 1 << 20)) {
			for (String line : lines) {
				out.write(line);
			}
		}
		return System.nanoTime() - started;
	}

	private void awaitEmpty(String vectorizer) throws InterruptedException {
		while (this.jdbc.queryForObject("select ai.vectorizer_queue_pending(?, true)", Long.class, vectorizer) > 0) {
			Thread.sleep(20);
		}
	}

	private static String text(Random random, int length) {
		StringBuilder text = new StringBuilder(length + 100);
		while (text.length() < length) {
			int words = 8 + random.nextInt(8);
			for (int w = 0; w < words; w++) {
				String word = WORDS[random.nextInt(WORDS.length)];
				text.append((w == 0) ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
					.append((w == words - 1) ? ". " : " ");
			}
			if (random.nextInt(4) == 0) {
				text.append("\n\n");
			}
		}
		return text.toString().strip();
	}

	/** Samples used heap every 20 ms on a daemon thread. */
	static final class HeapSampler implements AutoCloseable {

		private final AtomicLong peak = new AtomicLong();

		private final Thread thread;

		private volatile boolean running = true;

		HeapSampler() {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			this.thread = new Thread(() -> {
				while (this.running) {
					this.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
					try {
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "heap-sampler");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		double peakMb() {
			return this.peak.get() / 1024.0 / 1024.0;
		}

		@Override
		public void close() {
			this.running = false;
		}

	}

}
