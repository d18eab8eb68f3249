package io.pgai.spring.replica;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Checks the replicas at a fixed interval on a thread of its own: the first check runs as the
 * application starts, so that searches know at once which replicas they may read from.
 */
public final class ReplicaMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ReplicaMonitor.class);

	private final SearchReplicas replicas;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Creates a monitor.
	 * @param replicas the replicas it checks
	 * @param interval the time between checks
	 */
	public ReplicaMonitor(SearchReplicas replicas, Duration interval) {
		this.replicas = replicas;
		this.interval = interval;
	}

	/**
	 * Before the web server takes requests (and after it has drained them at shutdown), so that
	 * no request is served before the first check.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public void start() {
		this.replicas.check();
		// a listed address that reaches another database is a mistake to fix, not a replica to wait for
		this.replicas.verifyCopies();
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pgai-search-replicas");
			thread.setDaemon(true);
			return thread;
		});
		long nanos = this.interval.toNanos();
		scheduler.scheduleWithFixedDelay(this::checkSafely, nanos, nanos, TimeUnit.NANOSECONDS);
		this.executor = scheduler;
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.executor;
		if (scheduler != null) {
			scheduler.shutdown();
			try {
				// a check under way finishes before the pools it reads are closed
				if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
					scheduler.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				scheduler.shutdownNow();
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	/** A check that throws must not end the checks: the executor would drop every later one. */
	private void checkSafely() {
		try {
			this.replicas.check();
		}
		catch (RuntimeException ex) {
			logger.warn("Checking the search replicas failed; the next check runs as planned", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Checks now, as the thread would: for tests that must not wait for the interval.
	 */
	public void checkNow() {
		this.replicas.check();
	}

}
