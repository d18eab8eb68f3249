package io.pgai.spring.vectorizer.worker;

import java.time.Duration;

/**
 * How the worker polls, batches and backs off.
 *
 * @param pollInterval the wait after finding a queue empty, also how often the catalog is re-read
 * @param batchSize rows per batch unless the vectorizer's processing configuration says otherwise
 * @param concurrency batches in flight per vectorizer unless its configuration says otherwise
 * @param shutdownTimeout how long a stop waits for batches in flight before interrupting them
 * @param initialBackoff the first wait after a failure, doubled on each further failure
 * @param maxBackoff the longest wait after failures
 * @param progressInterval how often a backfill's progress is logged
 */
public record WorkerSettings(Duration pollInterval, int batchSize, int concurrency, Duration shutdownTimeout,
		Duration initialBackoff, Duration maxBackoff, Duration progressInterval) {
}
