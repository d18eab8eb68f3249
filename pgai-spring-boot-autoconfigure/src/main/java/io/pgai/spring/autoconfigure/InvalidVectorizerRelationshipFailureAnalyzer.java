package io.pgai.spring.autoconfigure;

import io.pgai.spring.relationship.InvalidVectorizerRelationshipException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidVectorizerRelationshipException}: the relationship or property, the
 * offending value and the fix.
 */
class InvalidVectorizerRelationshipFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidVectorizerRelationshipException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidVectorizerRelationshipException cause) {
		return new FailureAnalysis("Cannot map the embedding store of " + cause.getMessage() + ".", cause.getFix(),
				cause);
	}

}
