package io.pgai.spring.autoconfigure;

import io.pgai.spring.replica.SearchReplicas;
import io.pgai.spring.replica.SearchReplicasHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the search replicas' health indicator ({@code searchReplicas}), where
 * Spring Boot's health support is on the class path and searches have replicas.
 */
@AutoConfiguration(after = PgaiSearchReplicasAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(SearchReplicas.class)
@ConditionalOnEnabledHealthIndicator("searchReplicas")
public final class PgaiSearchReplicasHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "searchReplicasHealthIndicator")
	SearchReplicasHealthIndicator searchReplicasHealthIndicator(SearchReplicas replicas) {
		return new SearchReplicasHealthIndicator(replicas);
	}

}
