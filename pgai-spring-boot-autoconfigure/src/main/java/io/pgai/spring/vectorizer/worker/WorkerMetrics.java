package io.pgai.spring.vectorizer.worker;

import java.time.Duration;

/**
 * What the worker reports about its batches.
 */
public interface WorkerMetrics {

	/** Reports nothing. */
	WorkerMetrics NONE = new WorkerMetrics() {
	};

	/**
	 * A batch was written.
	 * @param vectorizer the vectorizer
	 * @param rows source rows processed
	 * @param chunks chunks embedded
	 * @param duration how long the batch took
	 */
	default void batchCompleted(VectorizerDefinition vectorizer, int rows, int chunks, Duration duration) {
	}

	/**
	 * A batch or row failed.
	 * @param vectorizer the vectorizer
	 * @param kind what kind of failure
	 */
	default void failed(VectorizerDefinition vectorizer, String kind) {
	}

	/**
	 * The queue's depth was observed.
	 * @param vectorizer the vectorizer
	 * @param pending rows waiting
	 */
	default void queueObserved(VectorizerDefinition vectorizer, long pending) {
	}

}
