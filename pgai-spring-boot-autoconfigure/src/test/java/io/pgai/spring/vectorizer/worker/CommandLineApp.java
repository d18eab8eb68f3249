package io.pgai.spring.vectorizer.worker;

import java.time.Duration;

import io.pgai.spring.autoconfigure.PgaiEmbeddingRepositoriesAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiEmbeddingStoreAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiQueryEmbeddingAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiVectorizerAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiVectorizerMetricsAutoConfiguration;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A command-line application with the starter: it waits until the vectorizers have caught up,
 * prints so, and returns, after which its JVM should exit. Arguments are Spring Boot properties.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
		TransactionAutoConfiguration.class, PgaiVectorizerAutoConfiguration.class,
		PgaiQueryEmbeddingAutoConfiguration.class, PgaiEmbeddingStoreAutoConfiguration.class,
		PgaiEmbeddingRepositoriesAutoConfiguration.class, PgaiVectorizerMetricsAutoConfiguration.class })
public class CommandLineApp {

	@Bean
	CommandLineRunner waitForEmbeddings(VectorizerWorker worker) {
		return (args) -> System.out.println("caught up: " + worker.awaitCaughtUp(Duration.ofSeconds(60)));
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(CommandLineApp.class).web(WebApplicationType.NONE).run(args);
	}

}
