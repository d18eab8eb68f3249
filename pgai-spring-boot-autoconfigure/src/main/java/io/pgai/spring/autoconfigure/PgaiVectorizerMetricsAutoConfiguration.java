package io.pgai.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgai.spring.vectorizer.worker.MicrometerWorkerMetrics;
import io.pgai.spring.vectorizer.worker.WorkerMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the vectorizer worker's meters ({@code pgai.vectorizer.*}) when the
 * application has a Micrometer {@link MeterRegistry}; without one the worker counts nothing.
 * Ordered after Boot's metrics auto-configurations, whose registry it reads.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnSingleCandidate(MeterRegistry.class)
public final class PgaiVectorizerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkerMetrics pgaiWorkerMetrics(MeterRegistry registry) {
		return new MicrometerWorkerMetrics(registry);
	}

}
