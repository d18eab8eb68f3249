package io.pgai.spring.vectorizer.embedding;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.pgai.spring.vectorizer.embedding.EmbeddingProviderException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a provider's error answer is read: whom a 4xx blames, what its message says, how long a
 * {@code Retry-After} asks to wait. The bodies are the providers' own error shapes.
 */
class HttpFailuresTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			400 | {"error": {"message": "This model does not support specifying dimensions.", "type": "invalid_request_error", "param": null, "code": null}} | MISCONFIGURED
			400 | {"error": {"message": "Invalid value for 'encoding_format'.", "type": "invalid_request_error", "param": "encoding_format", "code": null}} | MISCONFIGURED
			400 | {"error": {"message": "Invalid 'input[3]': string too long.", "type": "invalid_request_error", "param": "input[3]", "code": "string_above_max_length"}} | REJECTED
			400 | {"error": {"message": "This model's maximum context length is 8192 tokens, however you requested 9000 tokens.", "type": "invalid_request_error", "param": null, "code": null}} | REJECTED
			400 | {"error": "the input length exceeds the context length"} | REJECTED
			400 | {"error": {"message": "Bad request.", "param": null}} | REJECTED
			413 | Request Entity Too Large | REJECTED
			401 | {"error": {"message": "Incorrect API key provided.", "code": "invalid_api_key"}} | MISCONFIGURED
			404 | {"error": "model \\"nomic\\" not found, try pulling it first"} | MISCONFIGURED
			429 | {"error": {"message": "Rate limit reached."}} | UNAVAILABLE
			503 | <html>Service Unavailable</html> | UNAVAILABLE
			""")
	void aRefusalBlamesWhatTheProviderNames(int status, String body, Kind kind) {
		assertThat(HttpFailures.kind(status, HttpFailures.ProviderError.parse(body))).isEqualTo(kind);
	}

	@Test
	void theProvidersOwnMessageIsKeptNotItsWholeBody() {
		assertThat(HttpFailures.ProviderError
			.parse("{\"error\": {\"message\": \"This model does not support specifying dimensions.\", "
					+ "\"type\": \"invalid_request_error\", \"param\": \"dimensions\", \"code\": null}}")
			.message()).isEqualTo("This model does not support specifying dimensions.");
		assertThat(HttpFailures.ProviderError.parse("x".repeat(1000)).message()).hasSize(303).endsWith("...");
	}

	@Test
	void retryAfterIsReadInSecondsOrAsAnHttpDate() {
		assertThat(HttpFailures.retryAfter(headers("7"))).isEqualTo(Duration.ofSeconds(7));
		String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
		assertThat(HttpFailures.retryAfter(headers(inTenSeconds))).isBetween(Duration.ofSeconds(8),
				Duration.ofSeconds(10));
		assertThat(HttpFailures.retryAfter(headers("soon"))).isNull();
		assertThat(HttpFailures.retryAfter(new HttpHeaders())).isNull();
	}

	private static HttpHeaders headers(String retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
		return headers;
	}

}
