package io.pgai.spring.vectorizer.worker;

/**
 * A row's document could not be loaded or parsed: the row is retried later and, after the loading
 * configuration's {@code retries}, moved to the failed queue, as pgai's worker does with loading
 * failures.
 */
class DocumentException extends RuntimeException {

	DocumentException(String message) {
		super(message);
	}

	DocumentException(String message, Throwable cause) {
		super(message, cause);
	}

}
