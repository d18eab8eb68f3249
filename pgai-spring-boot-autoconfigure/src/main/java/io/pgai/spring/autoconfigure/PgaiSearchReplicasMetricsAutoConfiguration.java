package io.pgai.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgai.spring.replica.SearchReplicaMeters;
import io.pgai.spring.replica.SearchReplicas;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the search replicas' meters ({@code pgai.search.replica.*}), bound to the
 * application's Micrometer registry by Spring Boot.
 */
@AutoConfiguration(after = PgaiSearchReplicasAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(SearchReplicas.class)
public final class PgaiSearchReplicasMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SearchReplicaMeters searchReplicaMeters(SearchReplicas replicas) {
		return new SearchReplicaMeters(replicas);
	}

}
