package io.pgai.spring.autoconfigure;

import io.pgai.spring.vectorizer.VectorExtensionMissingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link VectorExtensionMissingException}: which database, which user, what the server
 * said, and the SQL to run.
 */
class VectorExtensionMissingFailureAnalyzer extends AbstractFailureAnalyzer<VectorExtensionMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, VectorExtensionMissingException cause) {
		return new FailureAnalysis("The database " + cause.getDatabase() + " has no vector extension (pgvector), which "
				+ "every embedding store needs, and the application's user " + cause.getUser()
				+ " could not create it:\n\n    " + cause.getReason(), "Run, as the database owner or a superuser:\n\n"
						+ "    CREATE EXTENSION IF NOT EXISTS vector;\n\n"
						+ "If the server says the extension is not available, install pgvector 0.7 or newer on it "
						+ "first (Debian and Ubuntu: postgresql-<major>-pgvector; Docker: the pgvector/pgvector image). "
						+ "To create it in a migration of your own instead, set pgai.vectorizer.install=false.",
				cause);
	}

}
