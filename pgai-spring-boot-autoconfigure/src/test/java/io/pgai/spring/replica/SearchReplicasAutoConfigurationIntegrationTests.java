package io.pgai.spring.replica;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgai.spring.autoconfigure.PgaiSearchReplicasAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiSearchReplicasHealthAutoConfiguration;
import io.pgai.spring.autoconfigure.PgaiSearchReplicasMetricsAutoConfiguration;
import io.pgai.spring.autoconfigure.SearchReplicaDataSource;
import io.pgai.spring.test.StreamingReplica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replica auto-configuration: on only when replicas are named, by property or by a qualified
 * bean; checking them as the application starts; their health and meters; bad values failing
 * startup by their property.
 */
class SearchReplicasAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				PgaiSearchReplicasAutoConfiguration.class, PgaiSearchReplicasHealthAutoConfiguration.class,
				PgaiSearchReplicasMetricsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + StreamingReplica.primaryUrl())
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void withoutReplicasNothingIsAdded() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(SearchReplicas.class)
			.doesNotHaveBean(ReplicaMonitor.class)
			.doesNotHaveBean(SearchReplicasHealthIndicator.class));
		// as an environment variable left empty gives it
		this.runner.withPropertyValues("pgai.search.replicas=")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SearchReplicas.class));
	}

	@Test
	void replicasOfThePropertyAreCheckedAtStartupAndShownInHealthAndMeters() {
		this.runner.withPropertyValues("pgai.search.replicas=" + StreamingReplica.replicaUrl()).run((context) -> {
			assertThat(context).hasNotFailed();
			SearchReplicas replicas = context.getBean(SearchReplicas.class);
			assertThat(replicas.status()).singleElement().satisfies((status) -> {
				assertThat(status.name()).isEqualTo("127.0.0.1:5433/test");
				assertThat(status.state()).isEqualTo(ReplicaState.AVAILABLE);
			});
			Health health = context.getBean(SearchReplicasHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("127.0.0.1:5433/test", "primaryReads");
			assertThat(((Map<?, ?>) health.getDetails().get("127.0.0.1:5433/test")).get("state"))
				.isEqualTo(ReplicaState.AVAILABLE);
			// Boot's metrics auto-configuration binds MeterBinder beans; this class path has none of it
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			context.getBean(SearchReplicaMeters.class).bindTo(meters);
			assertThat(meters.get("pgai.search.replica.available").tag("replica", "127.0.0.1:5433/test").gauge().value())
				.isEqualTo(1);
			assertThat(meters.get("pgai.search.replica.lag").gauge().value()).isGreaterThanOrEqualTo(0);
			assertThat(meters.get("pgai.search.primary.reads").functionCounter().count()).isZero();
			// the replica's own pool, its sessions named for pg_stat_activity
			assertThat(StreamingReplica.query(StreamingReplica.replicaUrl(), "select count(*) from pg_stat_activity "
					+ "where application_name = 'pgai-search-replica-1'")).isNotEqualTo("0");
		});
	}

	@Test
	void aReplicaThatDoesNotAnswerIsUnreachableAndTheHealthDegradedNotDown() {
		this.runner.withPropertyValues("pgai.search.replicas=jdbc:postgresql://127.0.0.1:1/test?user=postgres")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SearchReplicas.class).status()).singleElement()
					.satisfies((status) -> assertThat(status.state()).isEqualTo(ReplicaState.UNREACHABLE));
				assertThat(context.getBean(SearchReplicasHealthIndicator.class).health(true).getStatus())
					.isEqualTo(SearchReplicasHealthIndicator.DEGRADED);
			});
	}

	@Test
	void aQualifiedDataSourceBeanIsAReplicaNamedByItsBean() {
		this.runner.withUserConfiguration(DeclaredReplica.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SearchReplicas.class).status()).singleElement().satisfies((status) -> {
				assertThat(status.name()).isEqualTo("standby");
				assertThat(status.state()).isEqualTo(ReplicaState.AVAILABLE);
			});
			// the application's own DataSource is still the primary
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void withoutHikariTheAutoConfigurationBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.withPropertyValues("pgai.search.replicas=" + StreamingReplica.replicaUrl(),
					"spring.datasource.type=" + DriverManagerDataSource.class.getName())
			.run((context) -> assertThat(context).doesNotHaveBean(SearchReplicas.class));
	}

	@Test
	void aMaximumLagOfZeroFailsStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("pgai.search.replicas=" + StreamingReplica.replicaUrl(), "pgai.search.max-replica-lag=0ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pgai.search.maxReplicaLag"));
	}

	@Test
	void everyReadOnAReplicaConnectionIsBoundedByTheReplicaTimeoutInWholeSeconds() {
		this.runner.withPropertyValues("pgai.search.replicas=" + StreamingReplica.replicaUrl()).run((context) -> {
			try (Connection connection = context.getBean(SearchReplicas.class).replicas().get(0).dataSource().getConnection()) {
				assertThat(connection.getNetworkTimeout()).isEqualTo(10_000);
			}
		});
		this.runner
			.withPropertyValues("pgai.search.replicas=" + StreamingReplica.replicaUrl(),
					"pgai.search.replica-timeout=1500ms")
			.run((context) -> {
				DataSource replica = context.getBean(SearchReplicas.class).replicas().get(0).dataSource();
				try (Connection connection = replica.getConnection()) {
					assertThat(connection.getNetworkTimeout()).as("rounded up").isEqualTo(2_000);
				}
				assertThat(((HikariDataSource) replica).getDataSourceProperties()).containsEntry("connectTimeout", "2");
			});
	}

	@Test
	void aReplicaTimeoutUnderASecondFailsStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("pgai.search.replicas=" + StreamingReplica.replicaUrl(),
					"pgai.search.replica-timeout=500ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pgai.search.replicaTimeout"));
	}

	@Test
	void theApplicationsOwnDatabaseListedAsAReplicaIsAvailable() {
		this.runner.withPropertyValues("pgai.search.replicas=" + StreamingReplica.primaryUrl())
			.run((context) -> assertThat(context.getBean(SearchReplicas.class).status()).singleElement()
				.satisfies((status) -> assertThat(status.state()).isEqualTo(ReplicaState.AVAILABLE)));
	}

	@Test
	void aReplicaWhoseAddressComesToReachAnotherDatabaseServesNoSearchFromItUntilItReachesACopyAgain() {
		this.runner.withUserConfiguration(MovingReplica.class).run((context) -> {
			assertThat(context).hasNotFailed();
			SearchReplicas replicas = context.getBean(SearchReplicas.class);
			ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
			MovingReplica address = context.getBean(MovingReplica.class);
			HikariDataSource pool = context.getBean("standby", HikariDataSource.class);
			assertThat(replicas.onReplica(SearchReplicasAutoConfigurationIntegrationTests::database)).contains("test");

			// as after a DNS change: new connections reach another database of the cluster, while
			// those the pool holds still reach the copy (and may serve searches)
			address.moveTo(otherDatabase());
			// as when they reach their maximum lifetime
			pool.getHikariPoolMXBean().softEvictConnections();
			for (int search = 0; search < 3; search++) {
				assertThat(replicas.onReplica(SearchReplicasAutoConfigurationIntegrationTests::database))
					.as("search %d reads no connection to the other database", search)
					.isEmpty();
			}
			monitor.checkNow();
			assertThat(replicas.status()).singleElement().satisfies((status) -> {
				assertThat(status.state()).isEqualTo(ReplicaState.UNREACHABLE);
				assertThat(status.detail()).startsWith("it holds database postgres of the cluster with system identifier ")
					.contains("not a copy of the application's database test")
					.endsWith("searches read elsewhere until it reaches a copy");
			});

			address.moveTo(StreamingReplica.replicaUrl());
			monitor.checkNow();
			assertThat(replicas.status().get(0).state()).isEqualTo(ReplicaState.AVAILABLE);
			for (int search = 0; search < 3; search++) {
				assertThat(replicas.onReplica(SearchReplicasAutoConfigurationIntegrationTests::database))
					.as("search %d after the move back", search)
					.contains("test");
			}
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRoleThatMayNotAskWhichDatabaseAServerHoldsStillReadsItsReplicasUnchecked(CapturedOutput output)
			throws Exception {
		StreamingReplica.onPrimary("do $$ begin if not exists (select from pg_roles where rolname = 'pgai_unprivileged') "
				+ "then create role pgai_unprivileged login; end if; end $$",
				"revoke execute on function pg_control_system() from public");
		try {
			StreamingReplica.awaitCaughtUp();
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
						PgaiSearchReplicasAutoConfiguration.class))
				.withPropertyValues("spring.datasource.url=" + withoutUser(StreamingReplica.primaryUrl()),
						"spring.datasource.username=pgai_unprivileged",
						"pgai.search.replicas=" + withoutUser(StreamingReplica.replicaUrl()))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					SearchReplicas replicas = context.getBean(SearchReplicas.class);
					assertThat(replicas.status().get(0).state()).isEqualTo(ReplicaState.AVAILABLE);
					assertThat(replicas.onReplica(SearchReplicasAutoConfigurationIntegrationTests::database))
						.contains("test");
				});
			assertThat(output).contains("The application's role may not call pg_control_system()")
				.contains("search replicas are not checked to hold copies of the application's database");
		}
		finally {
			StreamingReplica.onPrimary("grant execute on function pg_control_system() to public");
		}
	}

	private static String withoutUser(String url) {
		return url.replaceAll("([?&])user=[^&]*&?", "$1");
	}

	private static String database(Connection connection) throws java.sql.SQLException {
		try (java.sql.Statement statement = connection.createStatement();
				java.sql.ResultSet rs = statement.executeQuery("select current_database()")) {
			rs.next();
			return rs.getString(1);
		}
	}

	/** The standby's other database: every database of the primary's cluster is on it. */
	private static String otherDatabase() {
		return StreamingReplica.replicaUrl().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1postgres");
	}

	/** A replica's pool whose address can move, as a DNS name does. */
	@Configuration(proxyBeanMethods = false)
	static class MovingReplica {

		private final DelegatingDataSource address = new DelegatingDataSource(
				new DriverManagerDataSource(StreamingReplica.replicaUrl()));

		@Bean(defaultCandidate = false)
		@SearchReplicaDataSource
		HikariDataSource standby() {
			HikariDataSource pool = new HikariDataSource();
			pool.setDataSource(this.address);
			pool.setMaximumPoolSize(2);
			return pool;
		}

		void moveTo(String url) {
			this.address.setTargetDataSource(new DriverManagerDataSource(url));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DeclaredReplica {

		@Bean(defaultCandidate = false)
		@SearchReplicaDataSource
		DataSource standby() {
			return new DriverManagerDataSource(StreamingReplica.replicaUrl());
		}

	}

}
