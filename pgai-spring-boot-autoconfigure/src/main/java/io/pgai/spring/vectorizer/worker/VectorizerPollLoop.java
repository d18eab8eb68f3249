package io.pgai.spring.vectorizer.worker;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.pgai.spring.vectorizer.embedding.EmbeddingProviderException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Works through one vectorizer's queue, batch after batch, sleeping when it is empty.
 * <p>
 * Failures are told apart by whom they concern. One of the vectorizer (its configuration, its
 * provider being unavailable or refusing it, the database) pauses all its loops with exponential
 * backoff and is recorded in {@code ai.vectorizer_errors} once per attempt. One a row may have
 * caused (the provider refused an input, the database refused a value) sends the rows of that
 * very batch through again one at a time, so the culprit fails alone: it is rescheduled with
 * {@code loading_retries} and, past the vectorizer's retries, moved to the failed queue, while
 * the others are written. A single row the provider refuses for no stated reason is checked with
 * a one-word probe: if the provider refuses that too, the request, not the row, is at fault.
 */
class VectorizerPollLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(VectorizerPollLoop.class);

	static final String PROBE = "pgai-spring probe";

	private final VectorizerDefinition vectorizer;

	private final BatchProcessor processor;

	private final EmbeddingProviders providers;

	private final FailureRecorder failures;

	private final IndexCreator indexes;

	private final BackfillProgress progress;

	private final PendingRows pending;

	private final WorkerMetrics metrics;

	private final WorkerTracking tracking;

	private final WorkerSettings settings;

	private final VectorizerBackoff backoff;

	private final int batchSize;

	private final Consumer<UnaryOperator<VectorizerStatus>> statusUpdates;

	private final Object sleeper = new Object();

	/** Rows of a batch that failed in a way one of them may have caused, to go through one at a time. */
	private final Deque<RowKey> suspects = new ArrayDeque<>();

	/** What the provider embedded for that batch before it failed, so the rows are not paid for twice. */
	private final Map<String, float[]> embeddedBeforeFailure = new HashMap<>();

	private volatile boolean running = true;

	VectorizerPollLoop(VectorizerDefinition vectorizer, BatchProcessor processor, EmbeddingProviders providers,
			FailureRecorder failures, IndexCreator indexes, BackfillProgress progress, PendingRows pending,
			WorkerMetrics metrics, WorkerTracking tracking, WorkerSettings settings, VectorizerBackoff backoff,
			Consumer<UnaryOperator<VectorizerStatus>> statusUpdates) {
		this.vectorizer = vectorizer;
		this.processor = processor;
		this.providers = providers;
		this.failures = failures;
		this.indexes = indexes;
		this.progress = progress;
		this.pending = pending;
		this.metrics = metrics;
		this.tracking = tracking;
		this.settings = settings;
		this.backoff = backoff;
		this.batchSize = (vectorizer.batchSize() != null) ? vectorizer.batchSize() : settings.batchSize();
		this.statusUpdates = statusUpdates;
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

	/**
	 * Ends the loop's wait for the next poll, so it looks at its queue now.
	 */
	void wake() {
		synchronized (this.sleeper) {
			this.sleeper.notifyAll();
		}
	}

	@Override
	public void run() {
		while (this.running && !Thread.currentThread().isInterrupted()) {
			Duration pause = this.backoff.remaining();
			if (!pause.isZero()) {
				sleep(pause);
				continue;
			}
			try {
				runOnce();
			}
			catch (VectorizerConfigurationException ex) {
				vectorizerFailed("configuration", messageOf(ex), Map.of("step", "configuration"));
			}
			catch (EmbeddingProviderException ex) {
				vectorizerFailed(ex.getKind().name().toLowerCase(), messageOf(ex),
						Map.of("provider", ex.getProvider(), "kind", ex.getKind().name()));
			}
			catch (BatchProcessor.BatchFailedException ex) {
				rowsFailed(ex);
			}
			catch (SQLException | RuntimeException ex) {
				databaseFailed(ex);
			}
		}
	}

	private void runOnce() throws SQLException {
		RowKey suspect = this.suspects.peekFirst();
		BatchClaimer.Selection selection = (suspect != null) ? BatchClaimer.Selection.only(List.of(suspect))
				: BatchClaimer.Selection.next(this.batchSize);
		BatchProcessor.Result result = this.processor.process(this.vectorizer, selection,
				this.embeddedBeforeFailure::get);
		if (suspect != null) {
			isolated(suspect);
		}
		this.backoff.succeeded();
		this.statusUpdates.accept(VectorizerStatus::succeeded);
		result.rowFailures().forEach((key, reason) -> retryLater(key, "loading", reason));
		if (suspect == null && result.rows() == 0) {
			this.progress.caughtUp(this.vectorizer);
			this.metrics.queueObserved(this.vectorizer, 0);
			this.indexes.checkSoon();
			sleep(this.settings.pollInterval());
		}
		else if (this.progress.batchDone(result.rows(), result.chunks(), result.duration())) {
			long queued = this.pending.count(this.vectorizer);
			this.metrics.queueObserved(this.vectorizer, queued);
			this.progress.log(this.vectorizer, queued);
		}
	}

	private void rowsFailed(BatchProcessor.BatchFailedException failure) {
		if (failure.keys().size() > 1) {
			logger.info("Vectorizer " + this.vectorizer.name() + ": a batch of " + failure.keys().size()
					+ " rows failed (" + failure.getMessage() + "); trying them one at a time");
			this.suspects.addAll(failure.keys());
			this.embeddedBeforeFailure.putAll(failure.embedded());
			return;
		}
		RowKey key = failure.keys().get(0);
		if (failure.getCause() instanceof EmbeddingProviderException provider && !probeSucceeds()) {
			this.suspects.clear();
			this.embeddedBeforeFailure.clear();
			vectorizerFailed("misconfigured", provider.getMessage() + " (the provider refuses a one-word probe "
					+ "as well, so the request, not row " + key + ", is at fault)",
					Map.of("provider", provider.getProvider(), "kind", "REQUEST_REFUSED"));
			return;
		}
		isolated(key);
		retryLater(key, (failure.getCause() instanceof EmbeddingProviderException) ? "embedding" : "writing",
				String.valueOf(failure.getMessage()));
	}

	private boolean probeSucceeds() {
		try {
			this.providers.forVectorizer(this.vectorizer).embed(List.of(PROBE));
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void isolated(RowKey key) {
		if (key.equals(this.suspects.peekFirst())) {
			this.suspects.removeFirst();
		}
		if (this.suspects.isEmpty()) {
			this.embeddedBeforeFailure.clear();
		}
	}

	private void retryLater(RowKey key, String step, String message) {
		this.metrics.failed(this.vectorizer, "row");
		try {
			boolean movedForGood = this.failures.retryLater(this.vectorizer, key, step, message);
			if (movedForGood) {
				logger.warn("Vectorizer " + this.vectorizer.name() + " gave up on row " + key + " after "
						+ this.vectorizer.loadingRetries() + " retries and moved it to "
						+ this.vectorizer.failedQueueTable() + ": " + message);
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Vectorizer " + this.vectorizer.name() + " could not reschedule row " + key + ": "
					+ ex.getMessage());
		}
	}

	private static String messageOf(Exception ex) {
		return Objects.toString(ex.getMessage(), ex.toString());
	}

	private void vectorizerFailed(String kind, String message, Map<String, Object> details) {
		this.metrics.failed(this.vectorizer, kind);
		this.statusUpdates.accept((status) -> status.failed(message));
		if (!this.backoff.failed()) {
			// Another loop of this vectorizer met it first and recorded it.
			return;
		}
		logger.warn("Vectorizer " + this.vectorizer.name() + " cannot embed, retrying in "
				+ this.backoff.remaining().toMillis() + " ms: " + message);
		this.tracking.failed(this.vectorizer, message);
		try {
			Map<String, Object> recorded = new LinkedHashMap<>(details);
			recorded.put("retry_in_ms", this.backoff.remaining().toMillis());
			this.failures.record(this.vectorizer, message, recorded);
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Vectorizer " + this.vectorizer.name() + " could not record a failure: " + ex.getMessage());
		}
	}

	private void databaseFailed(Exception failure) {
		this.metrics.failed(this.vectorizer, "database");
		this.statusUpdates.accept((status) -> status.failed("database: " + failure.getMessage()));
		if (this.backoff.failed()) {
			logger.warn("Vectorizer " + this.vectorizer.name() + " failed on the database, retrying in "
					+ this.backoff.remaining().toMillis() + " ms: " + failure.getMessage());
			this.tracking.failed(this.vectorizer, "database: " + failure.getMessage());
		}
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
