package io.pgai.spring.autoconfigure;

import io.pgai.spring.relationship.EmbeddingStoreMismatchException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link EmbeddingStoreMismatchException}: which relationship, which table, what
 * differs, and how to fix it.
 */
class EmbeddingStoreMismatchFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddingStoreMismatchException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EmbeddingStoreMismatchException cause) {
		StringBuilder description = new StringBuilder("The database does not hold the embedding stores as mapped:\n");
		StringBuilder action = new StringBuilder();
		for (EmbeddingStoreMismatchException.Mismatch mismatch : cause.getMismatches()) {
			description.append("\n    ")
				.append(mismatch.relationship())
				.append(" (entity ")
				.append(mismatch.storeEntityName())
				.append(", table ")
				.append(mismatch.table())
				.append("):");
			mismatch.problems().forEach((problem) -> description.append("\n        - ").append(problem));
			action.append((action.length() > 0) ? "\n\n" : "")
				.append(mismatch.relationship())
				.append(": ")
				.append(mismatch.fix());
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

}
