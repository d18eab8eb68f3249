package io.pgai.spring.vectorizer.worker;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a vectorizer's progress while it works through a backlog: rows done, rate, rows queued and
 * time left; then once more when it has caught up.
 */
class BackfillProgress {

	private static final Log logger = LogFactory.getLog(BackfillProgress.class);

	private final Duration interval;

	private long startedNanos;

	private long lastLogNanos;

	private long rows;

	private long chunks;

	BackfillProgress(Duration interval) {
		this.interval = interval;
	}

	/**
	 * Counts a batch; says whether it is time to log, given the queue depth from {@code pending}.
	 */
	synchronized boolean batchDone(int batchRows, int batchChunks, Duration batchDuration) {
		long now = System.nanoTime();
		if (this.rows == 0) {
			// The backlog started when its first batch did.
			this.startedNanos = now - batchDuration.toNanos();
			this.lastLogNanos = now;
		}
		this.rows += batchRows;
		this.chunks += batchChunks;
		if (now - this.lastLogNanos >= this.interval.toNanos()) {
			this.lastLogNanos = now;
			return true;
		}
		return false;
	}

	synchronized void log(VectorizerDefinition vectorizer, long pending) {
		double seconds = Math.max(1e-3, (System.nanoTime() - this.startedNanos) / 1e9);
		double rate = this.rows / seconds;
		long left = (rate > 0) ? Math.round(pending / rate) : -1;
		logger.info(String.format("Vectorizer %s: %s embedded (%s) in %.0f s, %.1f rows/s, %d queued, "
				+ "about %s left", vectorizer.name(), count(this.rows, "row"), count(this.chunks, "chunk"), seconds, rate,
				pending,
				(left >= 0) ? Duration.ofSeconds(left).toString().substring(2).toLowerCase() : "unknown"));
	}

	/**
	 * The queue is empty: logs the end of a backlog, if there was one.
	 */
	synchronized void caughtUp(VectorizerDefinition vectorizer) {
		if (this.rows > 0) {
			double seconds = Math.max(1e-3, (System.nanoTime() - this.startedNanos) / 1e9);
			logger.info(String.format("Vectorizer %s is up to date: %s embedded (%s) in %.1f s", vectorizer.name(),
					count(this.rows, "row"), count(this.chunks, "chunk"), seconds));
			this.rows = 0;
			this.chunks = 0;
		}
	}

	private static String count(long n, String noun) {
		return n + " " + noun + ((n == 1) ? "" : "s");
	}

}
