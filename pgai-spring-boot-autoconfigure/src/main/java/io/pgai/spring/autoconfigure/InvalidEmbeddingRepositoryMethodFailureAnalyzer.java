package io.pgai.spring.autoconfigure;

import io.pgai.spring.repository.InvalidEmbeddingRepositoryMethodException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidEmbeddingRepositoryMethodException}: the interface, the method and
 * how to declare it.
 */
class InvalidEmbeddingRepositoryMethodFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidEmbeddingRepositoryMethodException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEmbeddingRepositoryMethodException cause) {
		return new FailureAnalysis("Cannot implement the embedding repository method " + cause.getMethod() + ": "
				+ cause.getMessage() + ".", cause.getFix(), cause);
	}

}
