package io.pgai.spring.vectorizer.embedding;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Classifies HTTP failures of embedding APIs: what is worth retrying and for how long to wait.
 */
final class HttpFailures {

	private static final int MAX_BODY = 300;

	private HttpFailures() {
	}

	/**
	 * Posts a JSON request and reads the answer, turning HTTP failures into provider failures.
	 */
	static <T> @Nullable T postJson(RestClient client, String uri, Object request, Class<T> answer, String provider) {
		try {
			return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(answer);
		}
		catch (RestClientException ex) {
			throw classify(provider, ex);
		}
	}

	static EmbeddingProviderException classify(String provider, RestClientException failure) {
		if (failure instanceof RestClientResponseException response) {
			int status = response.getStatusCode().value();
			String body = response.getResponseBodyAsString();
			String reason = "HTTP " + status + ((body.isBlank()) ? ""
					: ": " + ((body.length() > MAX_BODY) ? body.substring(0, MAX_BODY) + "..." : body));
			if (status == 429 || status >= 500) {
				return new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.UNAVAILABLE, reason,
						retryAfter(response.getResponseHeaders()), failure);
			}
			if (status == 401 || status == 403 || status == 404) {
				return new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.MISCONFIGURED, reason,
						null, failure);
			}
			return new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.REJECTED, reason, null,
					failure);
		}
		if (failure instanceof ResourceAccessException) {
			return new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.UNAVAILABLE,
					"no answer: " + failure.getMostSpecificCause().getMessage(), null, failure);
		}
		// A garbled answer is the provider's fault, not the input's: try again.
		return new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.UNAVAILABLE,
				"unreadable answer: " + failure.getMostSpecificCause().getMessage(), null, failure);
	}

	private static @Nullable Duration retryAfter(@Nullable HttpHeaders headers) {
		String value = (headers != null) ? headers.getFirst(HttpHeaders.RETRY_AFTER) : null;
		if (value == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			// An HTTP date is allowed too; the configured backoff applies then.
			return null;
		}
	}

}
