package io.pgai.spring.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.observation.ObservationRegistry;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.replica.ReplicaMonitor;
import io.pgai.spring.replica.SearchReplica;
import io.pgai.spring.replica.SearchReplicas;
import io.pgai.spring.repository.EmbeddingRepositoryFactory;
import io.pgai.spring.repository.HnswSessionSettings;
import io.pgai.spring.repository.HybridSearchSettings;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * The benchmark's repository searching on a hot standby: alone, and with the primary listed as a
 * second replica so that the two servers take turns. The standby's copy of the benchmark database
 * is read through a pool as large as the application's, once it has replayed the primary's data.
 */
final class StandbySearches implements AutoCloseable {

	private final HikariDataSource pool;

	private final RepositorySearches<BenchDoc> onStandby;

	private final RepositorySearches<BenchDoc> onBoth;

	private StandbySearches(HikariDataSource pool, RepositorySearches<BenchDoc> onStandby,
			RepositorySearches<BenchDoc> onBoth) {
		this.pool = pool;
		this.onStandby = onStandby;
		this.onBoth = onBoth;
	}

	static StandbySearches open(ConfigurableApplicationContext context, String standbyUrl, String benchUrl)
			throws Exception {
		String url = sameDatabase(standbyUrl, benchUrl);
		awaitReplayed(benchUrl, url);
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setMaximumPoolSize(16);
		pool.setPoolName("bench-standby");
		DataSource primary = context.getBean(DataSource.class);
		SearchReplica standby = new SearchReplica("standby", pool);
		SearchReplicas standbyOnly = new SearchReplicas(List.of(standby), primary, Duration.ofMinutes(1),
				Duration.ofSeconds(1));
		SearchReplicas both = new SearchReplicas(List.of(new SearchReplica("standby", pool),
				new SearchReplica("primary", primary)), primary, Duration.ofMinutes(1), Duration.ofSeconds(1));
		new ReplicaMonitor(standbyOnly, Duration.ofSeconds(1)).checkNow();
		new ReplicaMonitor(both, Duration.ofSeconds(1)).checkNow();
		return new StandbySearches(pool, repository(context, standbyOnly), repository(context, both));
	}

	RepositorySearches<BenchDoc> onStandby() {
		return this.onStandby;
	}

	RepositorySearches<BenchDoc> onBoth() {
		return this.onBoth;
	}

	DataSource dataSource() {
		return this.pool;
	}

	@Override
	public void close() {
		this.pool.close();
	}

	private static RepositorySearches<BenchDoc> repository(ConfigurableApplicationContext context,
			SearchReplicas replicas) {
		return new RepositorySearches<>(new EmbeddingRepositoryFactory(
				SharedEntityManagerCreator.createSharedEntityManager(context.getBean(EntityManagerFactory.class)),
				context.getBean(VectorizerRelationships.class), context.getBean(HnswSessionSettings.class), () -> {
					throw new IllegalStateException("The benchmark searches by vector");
				}, 100, context.getBean(HybridSearchSettings.class), ObservationRegistry.NOOP, replicas)
			.create(BenchDoc.class, "chunks"));
	}

	/** The standby's URL with the benchmark database's name. */
	private static String sameDatabase(String standbyUrl, String benchUrl) {
		Pattern url = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");
		Matcher standby = url.matcher(standbyUrl);
		Matcher bench = url.matcher(benchUrl);
		if (!standby.matches() || !bench.matches()) {
			throw new IllegalArgumentException("Not PostgreSQL JDBC URLs: " + standbyUrl + ", " + benchUrl);
		}
		return standby.group(1) + bench.group(2) + standby.group(3);
	}

	/** Waits until the standby has replayed what the primary has written, dataset and index included. */
	private static void awaitReplayed(String primaryUrl, String standbyUrl) throws Exception {
		String target = query(primaryUrl, "select pg_current_wal_lsn()::text");
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (!"t".equals(query(standbyUrl, "select pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The standby " + standbyUrl + " has not replayed the benchmark's data");
			}
			Thread.sleep(200);
		}
	}

	private static String query(String url, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
