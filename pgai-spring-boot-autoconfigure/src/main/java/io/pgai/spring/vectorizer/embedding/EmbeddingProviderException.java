package io.pgai.spring.vectorizer.embedding;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An embedding provider failed or answered what cannot be stored.
 */
public class EmbeddingProviderException extends RuntimeException {

	/**
	 * How a failure bears on the rows being embedded.
	 */
	public enum Kind {

		/** The provider cannot serve anyone right now (5xx, 429, timeout, connection); try again later. */
		UNAVAILABLE,

		/** The provider refuses the credentials or configuration; nothing works until it is fixed. */
		MISCONFIGURED,

		/**
		 * The provider rejects these inputs, or refuses the request without saying why; other rows
		 * may still work. The worker tells a row's fault from the configuration's by sending the row
		 * alone, then a probe.
		 */
		REJECTED

	}

	private final String provider;

	private final Kind kind;

	private final @Nullable Duration retryAfter;

	/**
	 * Creates a new exception.
	 * @param provider the provider, as {@link EmbeddingProvider#describe()} names it
	 * @param kind how the failure bears on the rows
	 * @param reason what happened, without credentials
	 * @param retryAfter how long the provider asked to wait, if it did
	 * @param cause the underlying failure
	 */
	public EmbeddingProviderException(String provider, Kind kind, String reason, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(provider + ": " + reason, cause);
		this.provider = provider;
		this.kind = kind;
		this.retryAfter = retryAfter;
	}

	/**
	 * The provider that failed.
	 * @return the provider's description
	 */
	public String getProvider() {
		return this.provider;
	}

	/**
	 * How the failure bears on the rows.
	 * @return the kind
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * How long the provider asked to wait.
	 * @return the wait, if the provider said
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Whether calling again may succeed.
	 * @return {@code true} for {@link Kind#UNAVAILABLE}
	 */
	public boolean isRetryable() {
		return this.kind == Kind.UNAVAILABLE;
	}

}
