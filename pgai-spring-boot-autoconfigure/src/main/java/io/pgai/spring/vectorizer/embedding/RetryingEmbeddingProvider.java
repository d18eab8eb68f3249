package io.pgai.spring.vectorizer.embedding;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Retries a provider while it is unavailable, with exponential backoff and jitter; after an answer
 * with {@code Retry-After} the next call waits exactly what the provider asked for (capped at the
 * longest wait) instead of the backoff. Answers of the wrong dimensions fail at once.
 */
public class RetryingEmbeddingProvider implements EmbeddingProvider {

	private final EmbeddingProvider delegate;

	private final RetryPolicy retryPolicy;

	private final int dimensions;

	private final Duration maxDelay;

	/**
	 * Wraps a provider.
	 * @param delegate the provider
	 * @param dimensions the dimensions every vector must have
	 * @param maxRetries how many times a failed call is repeated
	 * @param initialDelay the first wait
	 * @param maxDelay the longest wait, also the cap on {@code Retry-After}
	 */
	public RetryingEmbeddingProvider(EmbeddingProvider delegate, int dimensions, int maxRetries,
			Duration initialDelay, Duration maxDelay) {
		this.delegate = delegate;
		this.dimensions = dimensions;
		this.maxDelay = maxDelay;
		this.retryPolicy = RetryPolicy.builder()
			.maxRetries(maxRetries)
			.delay(initialDelay)
			.multiplier(2)
			.jitter(initialDelay.dividedBy(2))
			.maxDelay(maxDelay)
			.predicate((failure) -> failure instanceof EmbeddingProviderException ex && ex.isRetryable())
			.build();
	}

	@Override
	public String describe() {
		return this.delegate.describe();
	}

	@Override
	public int maxBatchSize() {
		return this.delegate.maxBatchSize();
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		AskedWait asked = new AskedWait();
		List<float[]> vectors;
		try {
			vectors = new RetryTemplate(new HonouringRetryAfter(this.retryPolicy, asked, this.maxDelay)).execute(() -> {
				try {
					return this.delegate.embed(texts);
				}
				catch (EmbeddingProviderException ex) {
					asked.wait = ex.getRetryAfter();
					throw ex;
				}
			});
		}
		catch (RetryException ex) {
			if (ex.getCause() instanceof EmbeddingProviderException providerFailure) {
				throw providerFailure;
			}
			throw new EmbeddingProviderException(describe(), EmbeddingProviderException.Kind.UNAVAILABLE,
					String.valueOf(ex.getMessage()), null, ex);
		}
		for (int i = 0; i < vectors.size(); i++) {
			if (vectors.get(i).length != this.dimensions) {
				throw new EmbeddingProviderException(describe(), EmbeddingProviderException.Kind.MISCONFIGURED,
						"answered a vector of " + vectors.get(i).length + " dimensions for input " + i + ", but the "
								+ "vectorizer stores " + this.dimensions + "; check the model and dimensions of its "
								+ "embedding configuration",
						null, null);
			}
		}
		return vectors;
	}

	/** What the last failed call of one {@link #embed} asked to wait, until the backoff takes it. */
	private static final class AskedWait {

		private @Nullable Duration wait;

	}

	/**
	 * The configured policy, with a backoff that replaces the next delay by a provider's
	 * {@code Retry-After}. The exponential execution is still advanced on every retry, so its limit
	 * on attempts holds and nothing is slept after the last one.
	 */
	private record HonouringRetryAfter(RetryPolicy policy, AskedWait asked, Duration maxDelay) implements RetryPolicy {

		@Override
		public boolean shouldRetry(Throwable throwable) {
			return this.policy.shouldRetry(throwable);
		}

		@Override
		public BackOff getBackOff() {
			return () -> {
				BackOffExecution exponential = this.policy.getBackOff().start();
				return () -> {
					long next = exponential.nextBackOff();
					Duration retryAfter = this.asked.wait;
					this.asked.wait = null;
					if (next == BackOffExecution.STOP || retryAfter == null) {
						return next;
					}
					return Math.min(retryAfter.toMillis(), this.maxDelay.toMillis());
				};
			};
		}

	}

}
