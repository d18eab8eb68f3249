package io.pgai.spring.vectorizer.worker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs every enabled vectorizer of the catalog at once, each with its own poll loops, and follows
 * the catalog as vectorizers are created, changed, disabled or dropped. Stopping lets batches in
 * flight finish until the shutdown timeout, then interrupts them; an interrupted batch rolls back,
 * so its rows stay queued.
 */
public class VectorizerWorker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(VectorizerWorker.class);

	private final VectorizerCatalog catalog;

	private final DataSource dataSource;

	private final EmbeddingProviders providers;

	private final WorkerMetrics metrics;

	private final WorkerSettings settings;

	private final Map<Integer, Running> running = new HashMap<>();

	private final Map<String, VectorizerStatus> statuses = new java.util.concurrent.ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private volatile boolean started;

	private @Nullable ExecutorService executor;

	private @Nullable Thread supervisor;

	/**
	 * Creates a worker.
	 * @param catalog the vectorizer catalog
	 * @param dataSource the database
	 * @param providers the embedding providers
	 * @param metrics where batches are reported
	 * @param settings polling, batching and backoff
	 */
	public VectorizerWorker(VectorizerCatalog catalog, DataSource dataSource, EmbeddingProviders providers,
			WorkerMetrics metrics, WorkerSettings settings) {
		this.catalog = catalog;
		this.dataSource = dataSource;
		this.providers = providers;
		this.metrics = metrics;
		this.settings = settings;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.started) {
				return;
			}
			this.started = true;
			this.executor = Executors.newCachedThreadPool(new CustomizableThreadFactory("pgai-vectorizer-"));
			// Not a daemon: an application that only runs vectorizers keeps running until it is stopped.
			Thread thread = new Thread(this::supervise, "pgai-vectorizer-catalog");
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
			this.running.values().forEach((run) -> run.loops().forEach(VectorizerPollLoop::stop));
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
	}

	@Override
	public boolean isRunning() {
		return this.started;
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
	 * What the worker last saw of each vectorizer it works on.
	 * @return the statuses, by vectorizer name
	 */
	public Map<String, VectorizerStatus> statuses() {
		Map<String, VectorizerStatus> active = new java.util.TreeMap<>();
		activeVectorizers().forEach((name) -> active.put(name, this.statuses.getOrDefault(name,
				new VectorizerStatus(name, null, null, null))));
		return active;
	}

	private void supervise() {
		while (this.started) {
			try {
				refresh(this.catalog.findAll());
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
			for (Integer id : new ArrayList<>(this.running.keySet())) {
				Running run = this.running.get(id);
				if (!run.definition().equals(wanted.get(id))) {
					run.loops().forEach(VectorizerPollLoop::stop);
					this.running.remove(id);
				}
			}
			for (VectorizerDefinition definition : wanted.values()) {
				if (!this.running.containsKey(definition.id())) {
					this.running.put(definition.id(), launch(definition, this.executor));
				}
			}
		}
	}

	private Running launch(VectorizerDefinition definition, ExecutorService executor) {
		int concurrency = (definition.concurrency() != null) ? definition.concurrency() : this.settings.concurrency();
		BatchProcessor processor = new BatchProcessor(this.dataSource, this.providers, new TextSplitters(),
				this.metrics);
		BackfillProgress progress = new BackfillProgress(this.settings.progressInterval());
		List<VectorizerPollLoop> loops = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			VectorizerPollLoop loop = new VectorizerPollLoop(definition, processor, new FailureRecorder(this.dataSource),
					new IndexCreator(this.dataSource), progress, new PendingRows(this.dataSource), this.metrics,
					this.settings, (update) -> this.statuses.compute(definition.name(), (name, current) -> update
						.apply((current != null) ? current : new VectorizerStatus(name, null, null, null))));
			loops.add(loop);
			executor.execute(loop);
		}
		logger.info("Vectorizer " + definition.name() + ": embedding " + definition.sourceSchema() + "."
				+ definition.sourceTable() + "." + definition.loadingColumn() + " into " + definition.targetSchema()
				+ "." + definition.targetTable() + " with " + this.providersDescription(definition) + ", " + concurrency
				+ " batch(es) at a time");
		return new Running(definition, loops);
	}

	private String providersDescription(VectorizerDefinition definition) {
		try {
			return this.providers.forVectorizer(definition).describe();
		}
		catch (RuntimeException ex) {
			return "an unusable provider (" + ex.getMessage() + ")";
		}
	}

	private record Running(VectorizerDefinition definition, List<VectorizerPollLoop> loops) {
	}

}
