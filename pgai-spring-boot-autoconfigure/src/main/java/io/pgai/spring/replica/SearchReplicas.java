package io.pgai.spring.replica;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The replicas searches read from, and the primary they fall back to. A search outside a
 * read-write transaction asks for a replica: the available ones take turns, one that fails is
 * skipped from then on (the search runs on the next), and when none is left it runs on the
 * primary. A {@link ReplicaMonitor} checks each replica's health and replay lag.
 * <p>
 * {@link #readingYourWrites(Supplier)} makes the searches of a callback see everything the
 * primary has committed before it began, for a "save, then search" flow.
 */
public final class SearchReplicas {

	/** The primary's WAL position as a number, comparable with a replica's. */
	static final String PRIMARY_POSITION_SQL = "select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint";

	/**
	 * The end of what the primary has inserted into WAL, the caller's commits included even under
	 * {@code synchronous_commit = off}: the position a search reading its writes waits for.
	 */
	static final String PRIMARY_WRITES_SQL = "select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint";

	/** Whether a server replays WAL, and how far it has. */
	static final String REPLAY_SQL = "select pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";

	/** Polls of a replica's replay position while a search waits for its writes: 200 a second at most. */
	private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

	/** A check that takes longer than this finds the replica unreachable, not the monitor stuck. */
	private static final int CHECK_TIMEOUT_SECONDS = 5;

	private static final Log logger = LogFactory.getLog(SearchReplicas.class);

	private final List<SearchReplica> replicas;

	private final DataSource primary;

	private final Duration maxLag;

	private final Duration readYourWritesTimeout;

	private final WalHistory history = new WalHistory();

	private final AtomicInteger turn = new AtomicInteger();

	private final AtomicLong primaryReads = new AtomicLong();

	/** The primary position searches of the current thread must see, while it reads its writes. */
	private final ThreadLocal<@Nullable Long> mustSee = new ThreadLocal<>();

	/** Whether the last check could read the primary's position, to log each change once. */
	private volatile boolean primaryAnswered = true;

	/** Which connections reach copies of the primary's database. */
	private final DatabaseCopies copies = new DatabaseCopies();

	/**
	 * Creates the router.
	 * @param replicas the replicas
	 * @param primary the application's database, whose WAL position is the measure of lag
	 * @param maxLag the lag beyond which a replica is skipped
	 * @param readYourWritesTimeout how long a search reading its writes waits for a replica
	 */
	public SearchReplicas(List<SearchReplica> replicas, DataSource primary, Duration maxLag,
			Duration readYourWritesTimeout) {
		this.replicas = List.copyOf(replicas);
		this.primary = primary;
		this.maxLag = maxLag;
		this.readYourWritesTimeout = readYourWritesTimeout;
	}

	/**
	 * Runs searches that must see what the primary has committed by now: each waits (up to
	 * {@code pgai.search.read-your-writes-timeout}) for a replica that has replayed it, else runs
	 * on the primary.
	 * @param searches the searches
	 * @param <T> their result
	 * @return their result
	 * @throws IllegalStateException if the primary's position cannot be read
	 */
	public <T> T readingYourWrites(Supplier<T> searches) {
		Long outer = this.mustSee.get();
		long position = primaryPosition(PRIMARY_WRITES_SQL);
		this.mustSee.set((outer != null) ? Math.max(outer, position) : position);
		try {
			return searches.get();
		}
		finally {
			if (outer != null) {
				this.mustSee.set(outer);
			}
			else {
				this.mustSee.remove();
			}
		}
	}

	/**
	 * What is known of each replica.
	 * @return their statuses, in the order configured
	 */
	public List<ReplicaStatus> status() {
		return this.replicas.stream().map(SearchReplica::status).toList();
	}

	/**
	 * How many searches ran on the primary because no replica could take them.
	 * @return the count
	 */
	public long primaryReads() {
		return this.primaryReads.get();
	}

	/**
	 * Runs a search on a replica: the next available one, then the others if it fails there.
	 * @param search the search, on a connection of the replica
	 * @param <T> its result
	 * @return its result, or empty when no replica could run it (run it on the primary)
	 * @throws RuntimeException what the search throws for reasons of its own
	 */
	public <T> Optional<T> onReplica(ReplicaSearch<T> search) {
		for (SearchReplica replica : turnOrder(this.mustSee.get() != null)) {
			ReplicaConnection opened = open(replica);
			if (opened == null) {
				continue;
			}
			try (opened) {
				T result = search.run(opened.connection());
				replica.served();
				return Optional.of(result);
			}
			catch (SQLException | RuntimeException ex) {
				if (!opened.replicaFailed(ex)) {
					throw rethrown(ex, replica);
				}
			}
		}
		this.primaryReads.incrementAndGet();
		return Optional.empty();
	}

	/**
	 * A connection of the next available replica, for the searches of a read-only transaction or
	 * of a request open-in-view bound, which share it.
	 * @return the connection, or empty when none answers (use the primary)
	 */
	public Optional<ReplicaConnection> connection() {
		for (SearchReplica replica : turnOrder(this.mustSee.get() != null)) {
			ReplicaConnection opened = open(replica);
			if (opened != null) {
				replica.served();
				return Optional.of(opened);
			}
		}
		this.primaryReads.incrementAndGet();
		return Optional.empty();
	}

	/**
	 * A connection of a replica that has what the current thread's searches must see.
	 * @return the connection, or {@code null} when the replica does not answer or has not replayed
	 * the thread's writes in time (it is marked when it is down)
	 */
	private @Nullable ReplicaConnection open(SearchReplica replica) {
		Connection connection = null;
		try {
			connection = replica.dataSource().getConnection();
			if (reachesAnotherDatabase(replica, connection)) {
				connection.close();
				return null;
			}
			if (replayedWrites(connection)) {
				return new ReplicaConnection(this, replica, connection);
			}
			connection.close();
			return null;
		}
		catch (SQLException | RuntimeException ex) {
			closeQuietly(connection);
			if (!ReplicaFailures.isReplicaFailure(ex)) {
				throw rethrown(ex, replica);
			}
			if (ReplicaFailures.isReplicaDown(ex)) {
				replica.failed("no connection: " + ReplicaFailures.describe(ex));
			}
			return null;
		}
	}

	/**
	 * Whether a replica's connection reaches another database than the primary's (asked once per
	 * physical connection); if so, the replica is marked and the connection leaves its pool.
	 */
	private boolean reachesAnotherDatabase(SearchReplica replica, Connection connection) throws SQLException {
		String mismatch = this.copies.mismatch(connection);
		if (mismatch == null) {
			return false;
		}
		replica.foundAnotherDatabase(mismatch);
		PoolEviction.evict(replica.dataSource(), connection);
		return true;
	}

	private static RuntimeException rethrown(Exception failure, SearchReplica replica) {
		return (failure instanceof RuntimeException runtime) ? runtime
				: new IllegalStateException("Search on replica " + replica.name() + " failed", failure);
	}

	/**
	 * Whether a replica's connection has what the current thread's searches must see: always,
	 * unless they read their writes, then once the replica has replayed them, within the timeout.
	 */
	boolean replayedWrites(Connection connection) throws SQLException {
		Long position = this.mustSee.get();
		return position == null || awaitReplay(connection, position);
	}

	private static void closeQuietly(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// the pool discards a broken connection
			}
		}
	}

	/**
	 * Checks every replica once: the primary's position first, then each replica's.
	 */
	void check() {
		long now = System.nanoTime();
		try {
			this.copies.learnPrimary(this.primary);
			this.history.record(now, primaryPosition(PRIMARY_POSITION_SQL));
			if (!this.primaryAnswered) {
				this.primaryAnswered = true;
				logger.info("The primary's WAL position can be read again; replica lag is measured again");
			}
		}
		catch (IllegalStateException ex) {
			// lag is then measured against what was sampled before; replicas are still checked
			if (this.primaryAnswered) {
				this.primaryAnswered = false;
				logger.warn(ex.getMessage() + "; replica lag is measured against its last known position");
			}
		}
		for (SearchReplica replica : this.replicas) {
			try (Connection connection = replica.dataSource().getConnection();
					Statement statement = connection.createStatement()) {
				statement.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
				if (reachesAnotherDatabase(replica, connection)) {
					// an address that reaches another server or database: its rows are not ours
					continue;
				}
				if (replica.holdsAnotherDatabase()) {
					// connections opened while the address reached the other database go
					PoolEviction.evictAll(replica.dataSource());
				}
				try (ResultSet rs = statement.executeQuery(REPLAY_SQL)) {
					rs.next();
					boolean recovering = rs.getBoolean(1);
					long replayed = rs.getLong(2);
					if (!recovering) {
						// a primary (this one, or a promoted replica) is as current as it gets
						replica.checked(Duration.ZERO, this.maxLag);
					}
					else {
						Optional<Duration> lag = this.history.lag(replayed, System.nanoTime());
						if (lag.isPresent()) {
							replica.checked(lag.get(), this.maxLag);
						}
						else {
							replica.behind(this.history.span(System.nanoTime()));
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (ReplicaFailures.isReplicaDown(ex) || !ReplicaFailures.isReplicaFailure(ex)) {
					replica.failed("the check failed: " + ReplicaFailures.describe(ex));
				}
			}
		}
	}

	/**
	 * Fails when a replica answered the last check as a copy of another database.
	 * @throws NotAReplicaException naming them
	 */
	void verifyCopies() {
		List<SearchReplica> foreign = this.replicas.stream().filter(SearchReplica::holdsAnotherDatabase).toList();
		if (!foreign.isEmpty()) {
			throw new NotAReplicaException(foreign.stream().map(SearchReplica::name).toList(),
					foreign.stream().map((replica) -> "Search replica " + replica.name() + ": " + replica.status().detail()).toList());
		}
	}

	/** Counts a search that runs on the primary because its replica could not take it. */
	void readOnPrimary() {
		this.primaryReads.incrementAndGet();
	}

	List<SearchReplica> replicas() {
		return this.replicas;
	}

	/**
	 * The replicas to try, in turn: the available ones, starting one further each time; when
	 * reading one's writes, also those lagging, which may have replayed enough of them.
	 */
	private List<SearchReplica> turnOrder(boolean laggingToo) {
		List<SearchReplica> eligible = new ArrayList<>(this.replicas.size());
		for (SearchReplica replica : this.replicas) {
			if (laggingToo ? replica.answers() : replica.available()) {
				eligible.add(replica);
			}
		}
		if (eligible.size() > 1) {
			int start = Math.floorMod(this.turn.getAndIncrement(), eligible.size());
			List<SearchReplica> rotated = new ArrayList<>(eligible.subList(start, eligible.size()));
			rotated.addAll(eligible.subList(0, start));
			return rotated;
		}
		return eligible;
	}

	/** Waits until the replica has replayed the position, within the read-your-writes timeout. */
	private boolean awaitReplay(Connection connection, long position) throws SQLException {
		long deadline = System.nanoTime() + this.readYourWritesTimeout.toNanos();
		try (Statement statement = connection.createStatement()) {
			while (true) {
				try (ResultSet rs = statement.executeQuery(REPLAY_SQL)) {
					rs.next();
					if (!rs.getBoolean(1) || rs.getLong(2) >= position) {
						return true;
					}
				}
				if (System.nanoTime() - deadline >= 0) {
					return false;
				}
				LockSupport.parkNanos(POLL_NANOS);
			}
		}
	}

	private long primaryPosition(String sql) {
		try (Connection connection = this.primary.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the primary's WAL position: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A search run on a replica's connection.
	 * @param <T> its result
	 */
	@FunctionalInterface
	public interface ReplicaSearch<T> {

		/**
		 * Runs the search.
		 * @param connection a connection of the replica, returned to its pool afterwards
		 * @return the result
		 * @throws SQLException if the search fails
		 */
		T run(Connection connection) throws SQLException;

	}

}
