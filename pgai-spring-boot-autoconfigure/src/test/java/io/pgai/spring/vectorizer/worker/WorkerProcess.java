package io.pgai.spring.vectorizer.worker;

import io.pgai.spring.autoconfigure.PgaiEmbeddingRepositoriesAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiEmbeddingStoreAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiQueryEmbeddingAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiVectorizerAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiVectorizerMetricsAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * An application that only runs the vectorizer worker, started in its own JVM by tests that kill
 * it with {@code kill -9}. Arguments are Spring Boot properties ({@code --name=value}).
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
		TransactionAutoConfiguration.class, PgaiVectorizerAutoConfiguration.class,
		PgaiQueryEmbeddingAutoConfiguration.class, PgaiEmbeddingStoreAutoConfiguration.class,
		PgaiEmbeddingRepositoriesAutoConfiguration.class, PgaiVectorizerMetricsAutoConfiguration.class })
public class WorkerProcess {

	public static void main(String[] args) {
		// A worker-only service: its threads are daemons, so it keeps running as Boot's convention says.
		new SpringApplicationBuilder(WorkerProcess.class).web(WebApplicationType.NONE)
			.properties("spring.main.keep-alive=true")
			.run(args);
	}

}
