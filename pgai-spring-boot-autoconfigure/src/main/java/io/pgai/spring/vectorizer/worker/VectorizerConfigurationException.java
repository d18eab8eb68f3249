package io.pgai.spring.vectorizer.worker;

/**
 * A vectorizer's configuration cannot work with its tables as they are: a chunking setting out of
 * range, a separator that is not a regular expression, a template or loading column the source
 * lacks, a store that is gone. Every batch would fail alike, so the worker records it once per
 * attempt in {@code ai.vectorizer_errors}, backs the vectorizer off, and leaves its rows queued.
 */
class VectorizerConfigurationException extends RuntimeException {

	VectorizerConfigurationException(String message) {
		super(message);
	}

	VectorizerConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}

}
