package io.pgai.spring.vectorizer.worker;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the worker last saw of one vectorizer, for health checks.
 *
 * @param name the vectorizer
 * @param lastSuccess when a batch last succeeded or the queue was last found empty
 * @param lastFailure when the last failure happened
 * @param lastError what it was
 */
public record VectorizerStatus(String name, @Nullable Instant lastSuccess, @Nullable Instant lastFailure,
		@Nullable String lastError) {

	/**
	 * Whether the vectorizer failed after its last success.
	 * @return {@code true} if failing now
	 */
	public boolean isFailing() {
		return this.lastFailure != null && (this.lastSuccess == null || this.lastFailure.isAfter(this.lastSuccess));
	}

	VectorizerStatus succeeded() {
		return new VectorizerStatus(this.name, Instant.now(), this.lastFailure, this.lastError);
	}

	VectorizerStatus failed(String error) {
		return new VectorizerStatus(this.name, this.lastSuccess, Instant.now(), error);
	}

}
