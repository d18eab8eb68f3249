package io.pgai.spring.vectorizer.embedding;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Classifies HTTP failures of embedding APIs: what is worth retrying, for how long to wait, and
 * whether a refused request blames its inputs or the vectorizer's configuration.
 */
final class HttpFailures {

	private static final int MAX_MESSAGE = 300;

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
			ProviderError error = ProviderError.parse(response.getResponseBodyAsString());
			String reason = "HTTP " + status + (error.message().isEmpty() ? "" : ": " + error.message());
			return new EmbeddingProviderException(provider, kind(status, error), reason,
					retryAfter(response.getResponseHeaders()), failure);
		}
		if (failure instanceof ResourceAccessException) {
			return new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.UNAVAILABLE,
					"no answer: " + failure.getMostSpecificCause().getMessage(), null, failure);
		}
		// A garbled answer is the provider's fault, not the input's: try again.
		return new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.UNAVAILABLE,
				"unreadable answer: " + failure.getMostSpecificCause().getMessage(), null, failure);
	}

	static EmbeddingProviderException.Kind kind(int status, ProviderError error) {
		if (status == 429 || status == 408 || status >= 500) {
			return EmbeddingProviderException.Kind.UNAVAILABLE;
		}
		if (status == 401 || status == 403 || status == 404) {
			return EmbeddingProviderException.Kind.MISCONFIGURED;
		}
		// 400, 413, 422...: OpenAI names the offending parameter; otherwise the message says.
		String param = error.param().toLowerCase(Locale.ROOT);
		if (!param.isEmpty()) {
			return param.startsWith("input") ? EmbeddingProviderException.Kind.REJECTED
					: EmbeddingProviderException.Kind.MISCONFIGURED;
		}
		String message = error.message().toLowerCase(Locale.ROOT);
		if (message.contains("input") || message.contains("token") || message.contains("context length")
				|| message.contains("too long") || status == 413) {
			return EmbeddingProviderException.Kind.REJECTED;
		}
		if (message.contains("dimension") || message.contains("model") || message.contains("encoding_format")
				|| message.contains("api key") || error.code().equals("model_not_found")) {
			return EmbeddingProviderException.Kind.MISCONFIGURED;
		}
		// Nothing says which: the worker finds out by sending a row alone, then a probe.
		return EmbeddingProviderException.Kind.REJECTED;
	}

	static @Nullable Duration retryAfter(@Nullable HttpHeaders headers) {
		String value = (headers != null) ? headers.getFirst(HttpHeaders.RETRY_AFTER) : null;
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Duration until = Duration.between(ZonedDateTime.now(),
						ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException neither) {
				return null;
			}
		}
	}

	/**
	 * What an error answer says: OpenAI's {@code {"error": {"message", "param", "code"}}}, Ollama's
	 * {@code {"error": "..."}}, or the body itself, shortened.
	 */
	record ProviderError(String message, String param, String code) {

		@SuppressWarnings("unchecked")
		static ProviderError parse(String body) {
			try {
				Map<String, Object> answer = JSON.readValue(body, Map.class);
				Object error = (answer != null) ? answer.get("error") : null;
				if (error instanceof Map<?, ?> openAi) {
					return new ProviderError(text(openAi.get("message")), text(openAi.get("param")),
							text(openAi.get("code")));
				}
				if (error instanceof String ollama) {
					return new ProviderError(shortened(ollama), "", "");
				}
			}
			catch (JacksonException | ClassCastException notJson) {
				// Not the JSON of a known API: keep the body as the message.
			}
			return new ProviderError(shortened(body.strip()), "", "");
		}

		private static String text(@Nullable Object value) {
			return (value != null) ? shortened(value.toString()) : "";
		}

		private static String shortened(String text) {
			return (text.length() > MAX_MESSAGE) ? text.substring(0, MAX_MESSAGE) + "..." : text;
		}

	}

}
