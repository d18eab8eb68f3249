package io.pgai.spring.vectorizer.embedding;

import java.time.Duration;
import java.util.List;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Retries a provider while it is unavailable, with exponential backoff and jitter, first waiting
 * what a 429's {@code Retry-After} asks for; answers of the wrong dimensions fail at once.
 */
public class RetryingEmbeddingProvider implements EmbeddingProvider {

	private final EmbeddingProvider delegate;

	private final RetryTemplate retryTemplate;

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
		this.retryTemplate = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(maxRetries)
			.delay(initialDelay)
			.multiplier(2)
			.jitter(initialDelay.dividedBy(2))
			.maxDelay(maxDelay)
			.predicate((failure) -> failure instanceof EmbeddingProviderException ex && ex.isRetryable())
			.build());
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
		List<float[]> vectors;
		try {
			vectors = this.retryTemplate.execute(() -> {
				try {
					return this.delegate.embed(texts);
				}
				catch (EmbeddingProviderException ex) {
					waitAsAsked(ex);
					throw ex;
				}
			});
		}
		catch (RetryException ex) {
			Throwable last = ex.getCause();
			if (last instanceof EmbeddingProviderException providerFailure) {
				throw providerFailure;
			}
			throw new EmbeddingProviderException(describe(), EmbeddingProviderException.Kind.REJECTED,
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

	private void waitAsAsked(EmbeddingProviderException ex) {
		Duration retryAfter = ex.getRetryAfter();
		if (retryAfter != null && ex.isRetryable()) {
			try {
				Thread.sleep(Math.min(retryAfter.toMillis(), this.maxDelay.toMillis()));
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				throw ex;
			}
		}
	}

}
