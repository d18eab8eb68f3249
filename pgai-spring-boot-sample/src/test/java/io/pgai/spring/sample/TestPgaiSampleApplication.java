package io.pgai.spring.sample;

import io.pgai.spring.test.TestDatabase;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * Runs the sample against a throw-away pgvector container on machines with Docker:
 * {@code ./mvnw -f pgai-spring-boot-sample spring-boot:test-run}.
 */
public class TestPgaiSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(PgaiSampleApplication::main).with(PgvectorContainer.class).run(args);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PgvectorContainer {

		@Bean
		@ServiceConnection
		PostgreSQLContainer pgvector() {
			return new PostgreSQLContainer(TestDatabase.PGVECTOR_IMAGE);
		}

	}

}
