package io.pgai.spring.vectorizer.worker;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import io.pgai.spring.vectorizer.embedding.EmbeddingProviderException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Works through one vectorizer's queue, batch after batch, sleeping when it is empty. A failing
 * provider or database makes it back off exponentially; a row that fails on its own is isolated
 * in single-row batches and rescheduled, so it never holds up the rest of the queue.
 */
class VectorizerPollLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(VectorizerPollLoop.class);

	private final VectorizerDefinition vectorizer;

	private final BatchProcessor processor;

	private final FailureRecorder failures;

	private final IndexCreator indexes;

	private final BackfillProgress progress;

	private final PendingRows pending;

	private final WorkerMetrics metrics;

	private final WorkerSettings settings;

	private final int batchSize;

	private final java.util.function.Consumer<java.util.function.UnaryOperator<VectorizerStatus>> statusUpdates;

	private final Object sleeper = new Object();

	private volatile boolean running = true;

	private int singleRowBatches;

	private Duration backoff;

	private long lastIndexCheck;

	VectorizerPollLoop(VectorizerDefinition vectorizer, BatchProcessor processor, FailureRecorder failures,
			IndexCreator indexes, BackfillProgress progress, PendingRows pending, WorkerMetrics metrics,
			WorkerSettings settings, java.util.function.Consumer<java.util.function.UnaryOperator<VectorizerStatus>> status) {
		this.vectorizer = vectorizer;
		this.processor = processor;
		this.failures = failures;
		this.indexes = indexes;
		this.progress = progress;
		this.pending = pending;
		this.metrics = metrics;
		this.settings = settings;
		this.batchSize = (vectorizer.batchSize() != null) ? vectorizer.batchSize() : settings.batchSize();
		this.backoff = settings.initialBackoff();
		this.statusUpdates = status;
	}

	VectorizerDefinition vectorizer() {
		return this.vectorizer;
	}

	/**
	 * Asks the loop to finish its current batch and stop.
	 */
	void stop() {
		this.running = false;
		synchronized (this.sleeper) {
			this.sleeper.notifyAll();
		}
	}

	@Override
	public void run() {
		while (this.running && !Thread.currentThread().isInterrupted()) {
			try {
				runOnce();
			}
			catch (BatchProcessor.BatchFailedException ex) {
				handle(ex);
			}
			catch (SQLException | RuntimeException ex) {
				logger.warn("Vectorizer " + this.vectorizer.name() + " failed on the database, retrying in "
						+ this.backoff.toMillis() + " ms: " + ex.getMessage());
				this.metrics.failed(this.vectorizer, "database");
				this.statusUpdates.accept((status) -> status.failed("database: " + ex.getMessage()));
				sleepAndBackOff();
			}
		}
	}

	private void runOnce() throws SQLException {
		boolean isolating = this.singleRowBatches > 0;
		BatchProcessor.Result result = this.processor.process(this.vectorizer, isolating ? 1 : this.batchSize);
		if (isolating) {
			this.singleRowBatches--;
		}
		this.backoff = this.settings.initialBackoff();
		this.statusUpdates.accept(VectorizerStatus::succeeded);
		if (result.rows() == 0) {
			this.progress.caughtUp(this.vectorizer);
			this.metrics.queueObserved(this.vectorizer, 0);
			createIndexIfDue();
			sleep(this.settings.pollInterval());
		}
		else if (this.progress.batchDone(result.rows(), result.chunks(), result.duration())) {
			long queued = this.pending.count(this.vectorizer);
			this.metrics.queueObserved(this.vectorizer, queued);
			this.progress.log(this.vectorizer, queued);
		}
	}

	private void handle(BatchProcessor.BatchFailedException failure) {
		Throwable cause = failure.getCause();
		boolean wholeProvider = cause instanceof EmbeddingProviderException provider
				&& provider.getKind() != EmbeddingProviderException.Kind.REJECTED;
		try {
			if (wholeProvider) {
				EmbeddingProviderException provider = (EmbeddingProviderException) cause;
				logger.warn("Vectorizer " + this.vectorizer.name() + " cannot embed, retrying in "
						+ this.backoff.toMillis() + " ms: " + provider.getMessage());
				this.metrics.failed(this.vectorizer, provider.getKind().name().toLowerCase());
				this.statusUpdates.accept((status) -> status.failed(provider.getMessage()));
				this.failures.record(this.vectorizer, provider.getMessage(), Map.of("provider", provider.getProvider(),
						"kind", provider.getKind().name(), "rows", failure.keys().size()));
				sleepAndBackOff();
			}
			else if (failure.keys().size() > 1) {
				// One of these rows is bad; find it one row at a time while the others go through.
				this.singleRowBatches = failure.keys().size();
			}
			else {
				this.metrics.failed(this.vectorizer, "row");
				boolean movedForGood = this.failures.retryLater(this.vectorizer, failure.keys().get(0),
						(cause instanceof EmbeddingProviderException) ? "embedding" : "writing",
						String.valueOf(cause.getMessage()));
				if (movedForGood) {
					logger.warn("Vectorizer " + this.vectorizer.name() + " gave up on a row after "
							+ this.vectorizer.loadingRetries() + " retries and moved it to "
							+ this.vectorizer.failedQueueTable() + ": " + cause.getMessage());
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Vectorizer " + this.vectorizer.name() + " could not record a failure: " + ex.getMessage());
			sleepAndBackOff();
		}
	}

	private void createIndexIfDue() {
		long now = System.nanoTime();
		if (now - this.lastIndexCheck < Duration.ofMinutes(1).toNanos() && this.lastIndexCheck != 0) {
			return;
		}
		this.lastIndexCheck = now;
		try {
			this.indexes.createIfDue(this.vectorizer);
		}
		catch (SQLException ex) {
			logger.warn("Vectorizer " + this.vectorizer.name() + " could not create its index: " + ex.getMessage());
		}
	}

	private void sleepAndBackOff() {
		sleep(this.backoff);
		Duration doubled = this.backoff.multipliedBy(2);
		this.backoff = (doubled.compareTo(this.settings.maxBackoff()) > 0) ? this.settings.maxBackoff() : doubled;
	}

	private void sleep(Duration duration) {
		synchronized (this.sleeper) {
			if (!this.running) {
				return;
			}
			try {
				this.sleeper.wait(Math.max(1, duration.toMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
