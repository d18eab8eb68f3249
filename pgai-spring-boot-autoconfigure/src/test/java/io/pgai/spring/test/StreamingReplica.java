package io.pgai.spring.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * The primary and the hot standby that scripts/replica.sh makes of it: a real streaming replica,
 * which the tests pause, stop and start.
 */
public final class StreamingReplica {

	private static final String PRIMARY = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

	private static final String REPLICA = "jdbc:postgresql://127.0.0.1:5433/test?user=postgres";

	/** A JDBC URL's server, database and parameters. */
	private static final Pattern DATABASE = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

	private static final Path SCRIPT = Path.of("..", "scripts", "replica.sh").toAbsolutePath().normalize();

	private StreamingReplica() {
	}

	/** The primary's JDBC URL: PGAI_DATABASE_URL, else the server scripts/postgres.sh provisions. */
	public static String primaryUrl() {
		String url = System.getenv("PGAI_DATABASE_URL");
		return (url != null && !url.isBlank()) ? url : PRIMARY;
	}

	/** Whether this JVM has run scripts/replica.sh yet. */
	private static boolean provisioned;

	/** The standby's URL once it has been found a standby of the primary: that does not change. */
	private static @Nullable String verified;

	/**
	 * The standby's JDBC URL, checked to be a standby of the primary. The first call runs
	 * scripts/replica.sh (quick when the standby is there), so that {@code ./mvnw verify} alone
	 * makes one, as the README's test command does.
	 * @throws IllegalStateException saying how to make one, if there is none
	 */
	public static synchronized String replicaUrl() {
		if (verified != null) {
			return verified;
		}
		String url = System.getenv("PGAI_REPLICA_URL");
		String replica = (url != null && !url.isBlank()) ? url : REPLICA;
		String primary = System.getenv("PGAI_DATABASE_URL");
		// the script replicates the local server; a primary elsewhere comes with its PGAI_REPLICA_URL
		if (!provisioned && (url == null || url.isBlank()) && (primary == null || primary.isBlank())) {
			provisioned = true;
			try {
				script();
			}
			catch (IOException | IllegalStateException ex) {
				throw new IllegalStateException("The read-replica tests need a hot standby of the test database, and "
						+ SCRIPT + " could not make one: " + ex.getMessage()
						+ " Run it yourself (as root or with sudo, on Debian), or set PGAI_REPLICA_URL to a standby of "
						+ "PGAI_DATABASE_URL.", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		try {
			if (!systemIdentifier(primaryUrl()).equals(systemIdentifier(replica))
					|| !"t".equals(query(replica, "select pg_is_in_recovery()"))) {
				throw new IllegalStateException(replica + " is not a hot standby of " + primaryUrl());
			}
		}
		catch (SQLException | IllegalStateException ex) {
			throw new IllegalStateException("The read-replica tests need a hot standby of the test database: run "
					+ "scripts/replica.sh (it makes one on port 5433 and prints its URL), or set PGAI_REPLICA_URL "
					+ "to a standby of PGAI_DATABASE_URL. (" + ex.getMessage() + ")", ex);
		}
		verified = replica;
		return replica;
	}

	/**
	 * The standby's URL for another database of the primary's cluster (a physical replica holds
	 * them all), checked to be on the primary.
	 * @param databaseUrl a database on the primary, such as one {@link TestDatabase#fresh} made
	 * @return the same database on the standby
	 * @throws IllegalStateException if that database is on another server
	 */
	public static String standbyOf(String databaseUrl) {
		String replica = replicaUrl();
		try {
			if (!systemIdentifier(databaseUrl).equals(systemIdentifier(replica))
					|| !"f".equals(query(databaseUrl, "select pg_is_in_recovery()"))) {
				throw new IllegalStateException(databaseUrl + " is not on the primary the standby " + replica
						+ " replicates; with PGAI_DATABASE_URL set, set PGAI_REPLICA_URL to a standby of its server");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not compare " + databaseUrl + " with the standby: " + ex.getMessage(),
					ex);
		}
		Matcher database = DATABASE.matcher(databaseUrl);
		Matcher standby = DATABASE.matcher(replica);
		if (!database.matches() || !standby.matches()) {
			throw new IllegalStateException("Cannot read the database of " + databaseUrl + " or " + replica);
		}
		return standby.group(1) + database.group(2) + standby.group(3);
	}

	/** Runs SQL on the primary. */
	public static void onPrimary(String... statements) throws SQLException {
		run(primaryUrl(), statements);
	}

	/** Pauses the standby's WAL replay and waits until it has paused: it answers, with the data it had. */
	public static void pauseReplay() throws SQLException {
		String replica = replicaUrl();
		run(replica, "select pg_wal_replay_pause()");
		// the request returns at once; replay stops at its next record
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "paused".equals(query(replica, "select pg_get_wal_replay_pause_state()")));
	}

	/** Resumes the standby's WAL replay and waits until it has caught up. */
	public static void resumeReplay() throws SQLException {
		run(replicaUrl(), "select pg_wal_replay_resume()");
		awaitCaughtUp();
	}

	/** Waits until the standby has replayed everything the primary has written by now. */
	public static void awaitCaughtUp() throws SQLException {
		String target = query(primaryUrl(), "select pg_current_wal_lsn()::text");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "t".equals(query(replicaUrl(), "select pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")));
	}

	/** Stops the standby (fast shutdown: its sessions are ended) with scripts/replica.sh --stop. */
	public static void stop() throws IOException, InterruptedException {
		script("--stop");
	}

	/**
	 * Stops every process of the standby with SIGSTOP (scripts/replica.sh --freeze): its
	 * connections stay open and nothing answers on them, as with a host cut off by the network.
	 */
	public static void freeze() throws IOException, InterruptedException {
		script("--freeze");
	}

	/** Lets the standby's processes go on (scripts/replica.sh --thaw); harmless when they run. */
	public static void thaw() throws IOException, InterruptedException {
		script("--thaw");
	}

	/** Starts the standby again with scripts/replica.sh --start, which waits until it has caught up. */
	public static void start() throws IOException, InterruptedException {
		script("--start");
	}

	private static void script(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
		command.addAll(List.of(arguments));
		Path log = Files.createTempFile("replica-sh", ".log");
		try {
			// to a file, so that a script that hangs is stopped by the timeout, not waited for on its output
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			boolean finished = process.waitFor(120, TimeUnit.SECONDS);
			if (!finished) {
				process.destroyForcibly();
			}
			if (!finished || process.exitValue() != 0) {
				throw new IllegalStateException(SCRIPT + " " + String.join(" ", arguments) + " failed:\n"
						+ Files.readString(log, StandardCharsets.UTF_8));
			}
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	private static String systemIdentifier(String url) throws SQLException {
		return query(url, "select system_identifier::text from pg_control_system()");
	}

	public static String query(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static void run(String url, String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
