package io.pgai.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A {@code pgai.*} value that would silently break the worker or searches fails startup, and the
 * failure analysis names the property, the value and the rule.
 */
@ExtendWith(OutputCaptureExtension.class)
class PgaiPropertiesValidationTests {

	/** Boot's failure analysis names a property by its field path: {@code pgai.search.maxK}. */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			pgai.vectorizer.worker.concurrency      | 0   | 0    | must be greater than or equal to 1
			pgai.vectorizer.worker.concurrency      | 51  | 51   | must be less than or equal to 50
			pgai.vectorizer.worker.batchSize        | 0   | 0    | must be greater than or equal to 1
			pgai.vectorizer.worker.pollInterval     | 0s  | PT0S | must be longer than or equal to 1 milli
			pgai.vectorizer.worker.maxRetries       | -1  | -1   | must be greater than or equal to 0
			pgai.vectorizer.worker.readTimeout      | 0ms | PT0S | must be longer than or equal to 1 milli
			pgai.vectorizer.worker.datasource.maximumPoolSize | 0 | 0 | must be greater than or equal to 1
			pgai.search.maxK                        | 0   | 0    | must be greater than or equal to 1
			pgai.search.efSearch                    | 0   | 0    | must be greater than or equal to 1
			pgai.tableNamePattern                   | ' ' | ' '  | must not be blank
			pgai.search.distance                    | default | DEFAULT | must be cosine, euclidean or inner-product
			pgai.vectorizer.worker.documents.maxSize | 0B | 0B | must be at least 1 byte
			""")
	void aValueOutOfRangeFailsStartupNamingThePropertyTheValueAndTheRule(String property, String value,
			String shown, String reason, CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(property + "=" + value));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: " + property + "\n")
			.contains("Value: \"" + shown + "\"")
			.contains("Reason: " + reason);
	}

	@Test
	void aFetchOfDefaultFailsStartupNamingThePropertyAndTheRule(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("pgai.parent-fetch=default"));
		// the report shows the rule's own value (false) rather than "default"
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: pgai.parentFetch\n")
			.contains("Reason: must be lazy or eager");
	}

	@Test
	void aLongestBackoffShorterThanTheFirstFailsStartupNamingBoth(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("pgai.vectorizer.worker.initial-backoff=10s",
				"pgai.vectorizer.worker.max-backoff=1s"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: pgai.vectorizer.worker.maxBackoff")
			.contains("must not be shorter than pgai.vectorizer.worker.initial-backoff");
	}

	private static void start(String... properties) {
		SpringApplication application = new SpringApplication(PgaiOnly.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		String[] args = java.util.Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new);
		application.run(args).close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PgaiVectorizerAutoConfiguration.class, PgaiQueryEmbeddingAutoConfiguration.class,
			PgaiEmbeddingStoreAutoConfiguration.class, PgaiEmbeddingRepositoriesAutoConfiguration.class })
	static class PgaiOnly {

	}

}
