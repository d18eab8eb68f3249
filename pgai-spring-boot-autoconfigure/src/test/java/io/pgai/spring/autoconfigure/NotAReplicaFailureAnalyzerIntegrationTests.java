package io.pgai.spring.autoconfigure;

import io.pgai.spring.replica.NotAReplicaException;
import io.pgai.spring.test.StreamingReplica;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listed replica that answers with another database than the application's fails startup, with
 * an analysis naming it, what it holds and the fix: its searches would return another database's
 * rows.
 */
class NotAReplicaFailureAnalyzerIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				PgaiSearchReplicasAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + StreamingReplica.primaryUrl());

	@Test
	void aReplicaOfAnotherDatabaseOfTheSameClusterFailsStartupNamingItAndTheFix() {
		// the standby holds every database of the primary's cluster: this one is not the application's
		String otherDatabase = StreamingReplica.replicaUrl().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1postgres");
		String other = SearchReplicaPools.name(otherDatabase);
		String application = SearchReplicaPools.name(StreamingReplica.primaryUrl()).replaceFirst(".*/", "");
		this.runner.withPropertyValues("pgai.search.replicas=" + StreamingReplica.replicaUrl() + "," + otherDatabase)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(NotAReplicaException.class)
					.satisfies((ex) -> assertThat(((NotAReplicaException) ex).getReplicas())
						.containsExactly(other));
				FailureAnalysis analysis = new NotAReplicaFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.startsWith("Searches would read another database than the application's:")
					.contains("Search replica " + other + ": it holds database postgres of the cluster "
							+ "with system identifier ")
					.contains("not a copy of the application's database " + application
							+ " of the cluster with system identifier ");
				assertThat(analysis.getAction()).contains("pgai.search.replicas")
					.contains("@SearchReplicaDataSource")
					.endsWith("correct or remove " + other + ".");
			});
	}

}
