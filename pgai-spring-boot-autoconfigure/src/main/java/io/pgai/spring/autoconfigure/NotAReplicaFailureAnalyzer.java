package io.pgai.spring.autoconfigure;

import io.pgai.spring.replica.NotAReplicaException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link NotAReplicaException}: which listed replica holds which database, and how to
 * list only copies of the application's.
 */
class NotAReplicaFailureAnalyzer extends AbstractFailureAnalyzer<NotAReplicaException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NotAReplicaException cause) {
		return new FailureAnalysis("Searches would read another database than the application's:\n\n    "
				+ String.join("\n    ", cause.getReasons()),
				"List in pgai.search.replicas (or mark with @SearchReplicaDataSource) only streaming replicas of the "
						+ "application's database, by the same database name, or the application's database itself; "
						+ "correct or remove " + String.join(", ", cause.getReplicas()) + ".",
				cause);
	}

}
