package io.pgai.spring.replica;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Checks the replicas at a fixed interval on a thread of its own: the first check runs as the
 * application starts, so that searches know at once which replicas they may read from.
 */
public final class ReplicaMonitor implements SmartLifecycle {

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

	@Override
	public void start() {
		this.replicas.check();
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pgai-search-replicas");
			thread.setDaemon(true);
			return thread;
		});
		long nanos = this.interval.toNanos();
		scheduler.scheduleWithFixedDelay(this.replicas::check, nanos, nanos, TimeUnit.NANOSECONDS);
		this.executor = scheduler;
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.executor;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.executor = null;
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
