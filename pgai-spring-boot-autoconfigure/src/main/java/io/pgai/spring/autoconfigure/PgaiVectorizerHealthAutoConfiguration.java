package io.pgai.spring.autoconfigure;

import io.pgai.spring.vectorizer.worker.VectorizerHealthIndicator;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the vectorizer worker's health indicator ({@code vectorizer}), where
 * Spring Boot's health support is on the class path and the worker runs.
 */
@AutoConfiguration(after = PgaiVectorizerAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(VectorizerWorker.class)
@ConditionalOnEnabledHealthIndicator("vectorizer")
public final class PgaiVectorizerHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "vectorizerHealthIndicator")
	VectorizerHealthIndicator vectorizerHealthIndicator(VectorizerWorker worker) {
		return new VectorizerHealthIndicator(worker);
	}

}
