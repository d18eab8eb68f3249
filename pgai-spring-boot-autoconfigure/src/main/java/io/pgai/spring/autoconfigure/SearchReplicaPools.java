package io.pgai.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.pgai.spring.replica.SearchReplica;

/**
 * The pools of the replicas {@code pgai.search.replicas} lists, made like the application's pool
 * but read-only and quick to give up on a replica that does not answer (a search then reads
 * elsewhere instead of waiting the application's connection timeout), and closed with the
 * application. Every read on their connections is bounded by {@code pgai.search.replica-timeout}:
 * a replica that stops answering without closing its connections (a host cut off by the network,
 * a server whose processes are stopped) would otherwise hold a search, and the monitor's check,
 * for as long as TCP keeps the connection.
 */
final class SearchReplicaPools implements AutoCloseable {

	/** How long a search waits for a replica's connection before it reads elsewhere. */
	private static final long CONNECTION_TIMEOUT_MILLIS = 1000;

	/** PgJDBC properties that would override the URL's server. */
	private static final List<String> HOST_PROPERTIES = List.of("url", "serverName", "serverNames", "portNumber",
			"portNumbers", "databaseName", "targetServerType", "PGHOST", "PGPORT", "PGDBNAME");

	private static final Pattern HOST_AND_DATABASE = Pattern.compile("jdbc:postgresql://([^/?]+)/?([^?]*).*");

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final List<SearchReplica> replicas = new ArrayList<>();

	SearchReplicaPools(DataSource application, List<String> listed, Duration timeout) {
		// PgJDBC takes whole seconds; a part of one rounds up, so no replica gets less than asked
		String seconds = Long.toString(timeout.plusNanos(999_999_999).toSeconds());
		List<String> urls = listed.stream().filter((url) -> !url.isBlank()).toList();
		for (int i = 0; i < urls.size(); i++) {
			String url = urls.get(i);
			HikariDataSource pool = HikariPools.like(application, "pgai-search-replica-" + (i + 1));
			// the URL must win: a data source (class) or host properties copied from the
			// application's pool would make this replica's pool connect to the primary again
			pool.setDataSource(null);
			pool.setDataSourceClassName(null);
			pool.setDataSourceJNDI(null);
			HOST_PROPERTIES.forEach(pool.getDataSourceProperties()::remove);
			pool.setJdbcUrl(url);
			// PgJDBC lets the URL's own socketTimeout or connectTimeout win over these
			pool.addDataSourceProperty("socketTimeout", seconds);
			pool.addDataSourceProperty("connectTimeout", seconds);
			pool.setReadOnly(true);
			pool.setAutoCommit(true);
			pool.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
			pool.setValidationTimeout(Math.min(pool.getValidationTimeout(), CONNECTION_TIMEOUT_MILLIS - 1));
			// a replica that is down when the application starts must not stop it
			pool.setInitializationFailTimeout(-1);
			this.pools.add(pool);
			this.replicas.add(new SearchReplica(name(url), pool));
		}
	}

	List<SearchReplica> replicas() {
		return this.replicas;
	}

	/** Host, port and database of a JDBC URL, never its credentials. */
	static String name(String url) {
		Matcher matcher = HOST_AND_DATABASE.matcher(url);
		return matcher.matches() ? matcher.group(1) + "/" + matcher.group(2) : "replica";
	}

	@Override
	public void close() {
		this.pools.forEach(HikariDataSource::close);
	}

}
