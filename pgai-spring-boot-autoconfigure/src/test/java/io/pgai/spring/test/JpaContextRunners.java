package io.pgai.spring.test;

import io.pgai.spring.autoconfigure.PgaiEmbeddingRepositoriesAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiEmbeddingStoreAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiQueryEmbeddingAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiVectorizerAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiVectorizerMetricsAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiVectorizerHealthAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * Context runners with a real data source, Hibernate and the pgai auto-configuration.
 */
public final class JpaContextRunners {

	private JpaContextRunners() {
	}

	/**
	 * A runner against the {@link TestDatabase}, with Hibernate statistics on so tests can count
	 * statements, and without Hibernate's schema tooling unless a test asks for it.
	 * @return the runner
	 */
	public static ApplicationContextRunner withDatabase() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
					PgaiVectorizerAutoConfiguration.class, PgaiVectorizerHealthAutoConfiguration.class,
					PgaiQueryEmbeddingAutoConfiguration.class, PgaiEmbeddingStoreAutoConfiguration.class,
					PgaiEmbeddingRepositoriesAutoConfiguration.class, PgaiVectorizerMetricsAutoConfiguration.class))
			.withPropertyValues(TestDatabase.get().datasourceProperties())
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=none",
					"spring.jpa.properties.hibernate.generate_statistics=true",
					"spring.datasource.hikari.maximum-pool-size=4", "pgai.vectorizer.worker.enabled=false");
	}

}
