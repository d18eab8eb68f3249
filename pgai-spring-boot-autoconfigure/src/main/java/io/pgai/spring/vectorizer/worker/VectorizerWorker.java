package io.pgai.spring.vectorizer.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.client.RestClient;

/**
 * Runs every enabled vectorizer of the catalog at once, each with its own poll loops, and follows
 * the catalog as vectorizers are created, changed, disabled or dropped. Stopping lets batches in
 * flight finish until the shutdown timeout, then interrupts them; an interrupted batch writes
 * nothing, so its rows stay queued.
 */
public class VectorizerWorker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(VectorizerWorker.class);

	/** Connections beside one per batch in flight: the catalog reads and one index build. */
	public static final int EXTRA_CONNECTIONS = 2;

	private final VectorizerCatalog catalog;

	private final DataSource dataSource;

	private final EmbeddingProviders providers;

	private final WorkerMetrics metrics;

	private final WorkerSettings settings;

	private final IntConsumer connectionsNeeded;

	private final Map<Integer, Running> running = new HashMap<>();

	private final Map<String, VectorizerStatus> statuses = new ConcurrentHashMap<>();

	/** The vectorizers left to pgai's worker, by id, with the reason. */
	private final Map<Integer, LeftAlone> leftAlone = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private final WorkerTracking tracking;

	private final Documents documents;

	private volatile boolean started;

	private @Nullable ExecutorService executor;

	private @Nullable Thread supervisor;

	/**
	 * Creates a worker.
	 * @param catalog the vectorizer catalog, read through the worker's pool
	 * @param dataSource the worker's pool
	 * @param providers the embedding providers
	 * @param metrics where batches are reported
	 * @param settings polling, batching and backoff
	 */
	public VectorizerWorker(VectorizerCatalog catalog, DataSource dataSource, EmbeddingProviders providers,
			WorkerMetrics metrics, WorkerSettings settings) {
		this(catalog, dataSource, providers, metrics, settings, (connections) -> {
		});
	}

	/**
	 * Creates a worker that says how many connections it needs as vectorizers come and go.
	 * @param catalog the vectorizer catalog, read through the worker's pool
	 * @param dataSource the worker's pool
	 * @param providers the embedding providers
	 * @param metrics where batches are reported
	 * @param settings polling, batching and backoff
	 * @param connectionsNeeded told the connections the worker can use at once: one per batch in
	 * flight, plus {@value #EXTRA_CONNECTIONS}; a pool of the worker's own grows to that
	 */
	public VectorizerWorker(VectorizerCatalog catalog, DataSource dataSource, EmbeddingProviders providers,
			WorkerMetrics metrics, WorkerSettings settings, IntConsumer connectionsNeeded) {
		this(catalog, dataSource, providers, new Documents(RestClient.builder()), metrics, settings,
				connectionsNeeded);
	}

	/**
	 * Creates a worker that says how many connections it needs as vectorizers come and go.
	 * @param catalog the vectorizer catalog, read through the worker's pool
	 * @param dataSource the worker's pool
	 * @param providers the embedding providers
	 * @param documents loads and parses documents for vectorizers that have them
	 * @param metrics where batches are reported
	 * @param settings polling, batching and backoff
	 * @param connectionsNeeded told the connections the worker can use at once: one per batch in
	 * flight, plus {@value #EXTRA_CONNECTIONS}; a pool of the worker's own grows to that
	 */
	public VectorizerWorker(VectorizerCatalog catalog, DataSource dataSource, EmbeddingProviders providers,
			Documents documents, WorkerMetrics metrics, WorkerSettings settings, IntConsumer connectionsNeeded) {
		this.documents = documents;
		this.catalog = catalog;
		this.dataSource = dataSource;
		this.providers = providers;
		this.metrics = metrics;
		this.settings = settings;
		this.connectionsNeeded = connectionsNeeded;
		this.tracking = new WorkerTracking(dataSource, settings.pollInterval());
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.started) {
				return;
			}
			this.started = true;
			// Daemon threads, as Boot's own schedulers use: an application that has done its work exits,
			// and one that only runs vectorizers sets spring.main.keep-alive=true to keep running.
			CustomizableThreadFactory threads = new CustomizableThreadFactory("pgai-vectorizer-");
			threads.setDaemon(true);
			this.executor = Executors.newCachedThreadPool(threads);
			Thread thread = new Thread(this::supervise, "pgai-vectorizer-catalog");
			thread.setDaemon(true);
			this.supervisor = thread;
			thread.start();
		}
	}

	@Override
	public void stop() {
		ExecutorService executor;
		synchronized (this.monitor) {
			if (!this.started) {
				return;
			}
			this.started = false;
			this.running.values().forEach(Running::stop);
			this.running.clear();
			this.monitor.notifyAll();
			executor = this.executor;
		}
		if (executor != null) {
			executor.shutdown();
			try {
				if (!executor.awaitTermination(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
					logger.warn("Vectorizer batches still running after " + this.settings.shutdownTimeout()
							+ "; interrupting them (their rows stay queued)");
					executor.shutdownNow();
					executor.awaitTermination(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				executor.shutdownNow();
				Thread.currentThread().interrupt();
			}
		}
		this.documents.closeClients();
		// the last word in pgai's tracking, as pgai's worker has on its way out
		this.tracking.heartbeat();
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	/** The worker's pool. */
	DataSource dataSource() {
		return this.dataSource;
	}

	/** The worker's entry in pgai's worker tracking. */
	WorkerTracking tracking() {
		return this.tracking;
	}

	/** The catalog, read through the worker's pool. */
	VectorizerCatalog catalog() {
		return this.catalog;
	}

	/**
	 * The vectorizers being worked on.
	 * @return their names
	 */
	public List<String> activeVectorizers() {
		synchronized (this.monitor) {
			return this.running.values().stream().map((run) -> run.definition().name()).sorted().toList();
		}
	}

	/**
	 * The enabled vectorizers this worker leaves alone because it cannot run their configuration as
	 * pgai's worker would ({@code ai.loading_uri}, {@code ai.embedding_litellm}, ...): their rows
	 * are not claimed, so pgai's Python worker can run them beside this one.
	 * @return the reasons, by vectorizer name
	 */
	public Map<String, String> leftAlone() {
		Map<String, String> reasons = new TreeMap<>();
		this.leftAlone.values().forEach((left) -> reasons.put(left.name(), left.reason()));
		return reasons;
	}

	/**
	 * Waits until every enabled vectorizer of the catalog that this worker runs (see
	 * {@link #leftAlone()}) runs here and has an empty queue: for tests,
	 * and for flows that save rows and then search them. The poll loops look at their queues at once
	 * rather than after their poll interval.
	 * @param timeout the longest wait
	 * @return {@code true} if caught up, {@code false} if the time ran out (rows still queued,
	 * perhaps waiting for a retry after a failure; see {@code ai.vectorizer_errors})
	 */
	public boolean awaitCaughtUp(Duration timeout) {
		return awaitCaughtUp(null, timeout);
	}

	/**
	 * Waits until one vectorizer runs here and has an empty queue.
	 * @param vectorizer the vectorizer's name, as {@code ai.vectorizer} has it
	 * @param timeout the longest wait
	 * @return {@code true} if caught up, {@code false} if the time ran out
	 * @throws IllegalArgumentException if the catalog has no enabled vectorizer of that name, or this
	 * worker leaves it alone
	 */
	public boolean awaitCaughtUp(@Nullable String vectorizer, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		PendingRows pending = new PendingRows(this.dataSource);
		while (true) {
			wake();
			if (caughtUp(vectorizer, pending)) {
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	private boolean caughtUp(@Nullable String name, PendingRows pending) {
		List<VectorizerDefinition> wanted = this.catalog.findAll()
			.stream()
			.filter((definition) -> !definition.disabled() && (name == null || definition.name().equals(name)))
			.toList();
		if (name != null && wanted.isEmpty()) {
			throw new IllegalArgumentException("The catalog has no enabled vectorizer named " + name
					+ "; ai.vectorizer names them, by default <schema>_<store table>");
		}
		for (VectorizerDefinition definition : wanted) {
			LeftAlone left = this.leftAlone.get(definition.id());
			if (left != null && left.definition().equals(definition)) {
				if (name != null) {
					throw new IllegalArgumentException("This worker leaves vectorizer " + name + " alone: "
							+ left.reason());
				}
				continue;
			}
			boolean running;
			synchronized (this.monitor) {
				running = this.running.containsKey(definition.id())
						&& this.running.get(definition.id()).definition().equals(definition);
			}
			try {
				if (!running || pending.count(definition) > 0) {
					return false;
				}
			}
			catch (java.sql.SQLException ex) {
				return false;
			}
		}
		return true;
	}

	/** Makes the catalog be read and every poll loop look at its queue now. */
	private void wake() {
		synchronized (this.monitor) {
			this.monitor.notifyAll();
			this.running.values().forEach((run) -> run.loops().forEach(VectorizerPollLoop::wake));
		}
	}

	/**
	 * What the worker last saw of each vectorizer it works on.
	 * @return the statuses, by vectorizer name
	 */
	public Map<String, VectorizerStatus> statuses() {
		Map<String, VectorizerStatus> active = new TreeMap<>();
		activeVectorizers().forEach((name) -> active.put(name, this.statuses.getOrDefault(name,
				new VectorizerStatus(name, null, null, null))));
		return active;
	}

	private void supervise() {
		while (this.started) {
			try {
				// registered before the first batch, so that every batch is in its progress
				this.tracking.startIfTracked();
				refresh(this.catalog.findAll());
				this.tracking.heartbeatIfDue();
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot read the vectorizer catalog, retrying: " + ex.getMessage());
			}
			synchronized (this.monitor) {
				if (!this.started) {
					return;
				}
				try {
					this.monitor.wait(Math.max(1, this.settings.pollInterval().toMillis()));
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}
	}

	private void refresh(List<VectorizerDefinition> definitions) {
		synchronized (this.monitor) {
			if (!this.started || this.executor == null) {
				return;
			}
			Map<Integer, VectorizerDefinition> wanted = new HashMap<>();
			definitions.stream().filter((d) -> !d.disabled()).forEach((d) -> wanted.put(d.id(), d));
			leaveAloneWhatCannotRun(wanted);
			for (Integer id : new ArrayList<>(this.running.keySet())) {
				Running run = this.running.get(id);
				if (run != null && !run.definition().equals(wanted.get(id))) {
					run.stop();
					this.running.remove(id);
				}
			}
			List<VectorizerDefinition> added = wanted.values()
				.stream()
				.filter((definition) -> !this.running.containsKey(definition.id()))
				.toList();
			if (!added.isEmpty()) {
				int loops = this.running.values().stream().mapToInt((run) -> run.loops().size()).sum()
						+ added.stream().mapToInt(this::concurrency).sum();
				this.connectionsNeeded.accept(loops + EXTRA_CONNECTIONS);
				added.forEach((definition) -> this.running.put(definition.id(), launch(definition, this.executor)));
			}
		}
	}

	/**
	 * Takes the vectorizers this worker cannot run out of those wanted, saying why once per
	 * vectorizer and configuration.
	 */
	private void leaveAloneWhatCannotRun(Map<Integer, VectorizerDefinition> wanted) {
		this.leftAlone.keySet().retainAll(wanted.keySet());
		boolean diskann = wanted.values().stream().anyMatch((d) -> "diskann".equals(d.indexing().get("implementation")))
				&& this.catalog.hasExtension("vectorscale");
		for (VectorizerDefinition definition : List.copyOf(wanted.values())) {
			String reason = UnsupportedConfigurations.reason(definition, diskann, this.documents.canParse());
			if (reason == null) {
				this.leftAlone.remove(definition.id());
				continue;
			}
			wanted.remove(definition.id());
			LeftAlone left = new LeftAlone(definition, reason);
			if (!left.equals(this.leftAlone.put(definition.id(), left))) {
				logger.warn("Vectorizer " + definition.name() + " is left alone: " + reason
						+ ". Its rows stay queued for a worker that can run it.");
			}
		}
	}

	private int concurrency(VectorizerDefinition definition) {
		return (definition.concurrency() != null) ? definition.concurrency() : this.settings.concurrency();
	}

	private Running launch(VectorizerDefinition definition, ExecutorService executor) {
		int concurrency = concurrency(definition);
		BatchProcessor processor = new BatchProcessor(this.dataSource, this.providers, new TextSplitters(),
				this.metrics, this.documents, this.tracking);
		BackfillProgress progress = new BackfillProgress(this.settings.progressInterval());
		VectorizerBackoff backoff = new VectorizerBackoff(this.settings.initialBackoff(), this.settings.maxBackoff());
		IndexCreator indexes = new IndexCreator(this.dataSource, definition, executor);
		List<VectorizerPollLoop> loops = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			VectorizerPollLoop loop = new VectorizerPollLoop(definition, processor, this.providers,
					new FailureRecorder(this.dataSource), indexes, progress, new PendingRows(this.dataSource),
					this.metrics, this.tracking, this.settings, backoff, (update) -> this.statuses.compute(definition.name(),
							(name, current) -> update
								.apply((current != null) ? current : new VectorizerStatus(name, null, null, null))));
			loops.add(loop);
			executor.execute(loop);
		}
		String what = "Vectorizer " + definition.name() + ": embedding " + definition.sourceSchema() + "."
				+ definition.sourceTable() + "." + definition.loadingColumn() + " into " + definition.targetSchema()
				+ "." + definition.targetTable();
		try {
			logger.info(what + " with " + this.providers.forVectorizer(definition).describe() + ", " + concurrency
					+ ((concurrency == 1) ? " batch" : " batches") + " at a time");
		}
		catch (RuntimeException ex) {
			logger.warn(what + " is not possible: " + ex.getMessage() + ". Its rows stay queued until this is fixed.");
		}
		return new Running(definition, loops, indexes);
	}

	private record LeftAlone(VectorizerDefinition definition, String reason) {

		String name() {
			return this.definition.name();
		}

	}

	private record Running(VectorizerDefinition definition, List<VectorizerPollLoop> loops, IndexCreator indexes) {

		void stop() {
			this.loops.forEach(VectorizerPollLoop::stop);
			this.indexes.cancel();
		}

	}

}
