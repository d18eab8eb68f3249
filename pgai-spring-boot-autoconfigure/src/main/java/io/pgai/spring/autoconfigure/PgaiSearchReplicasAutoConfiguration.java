package io.pgai.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.pgai.spring.replica.ReplicaMonitor;
import io.pgai.spring.replica.SearchReplica;
import io.pgai.spring.replica.SearchReplicas;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of searches on streaming replicas, when {@code pgai.search.replicas} lists
 * some or {@link SearchReplicaDataSource} beans are declared: the router the repositories ask for a
 * replica, and the monitor that checks each replica's health and replay lag. The worker, the
 * installer and the startup checks keep the application's {@code DataSource}, the primary.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBean(DataSource.class)
@Conditional(OnSearchReplicasCondition.class)
@EnableConfigurationProperties(PgaiProperties.class)
public final class PgaiSearchReplicasAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SearchReplicaPools searchReplicaPools(DataSource dataSource, PgaiProperties properties) {
		PgaiProperties.Search search = properties.getSearch();
		return new SearchReplicaPools(dataSource, search.getReplicas(), search.getReplicaTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	SearchReplicas searchReplicas(DataSource dataSource, SearchReplicaPools pools, ListableBeanFactory beans,
			PgaiProperties properties) {
		List<SearchReplica> replicas = new ArrayList<>(pools.replicas());
		for (Map.Entry<String, Object> declared : beans.getBeansWithAnnotation(SearchReplicaDataSource.class).entrySet()) {
			if (declared.getValue() instanceof DataSource replica) {
				replicas.add(new SearchReplica(declared.getKey(), replica));
			}
		}
		PgaiProperties.Search search = properties.getSearch();
		return new SearchReplicas(replicas, dataSource, search.getMaxReplicaLag(), search.getReadYourWritesTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicaMonitor searchReplicaMonitor(SearchReplicas replicas, PgaiProperties properties) {
		return new ReplicaMonitor(replicas, properties.getSearch().getReplicaCheckInterval());
	}

}
