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
	 * @param chunks chunks embedded by the provider
	 * @param duration how long the batch took
	 */
	default void batchCompleted(VectorizerDefinition vectorizer, int rows, int chunks, Duration duration) {
	}

	/**
	 * Chunks of a batch kept the vector they had, because their text did not change: what the
	 * provider was not paid for.
	 * @param vectorizer the vectorizer
	 * @param chunks chunks not embedded again
	 */
	default void chunksReused(VectorizerDefinition vectorizer, int chunks) {
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
