package io.pgai.spring.replica;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection of a replica that several searches share (those of a read-only transaction, or of
 * a request open-in-view bound): each asks whether it may read here, and reports a failure, so
 * that a replica gone mid-request is skipped and the search runs elsewhere.
 */
public final class ReplicaConnection implements AutoCloseable {

	private final SearchReplicas replicas;

	private final SearchReplica replica;

	private final Connection connection;

	ReplicaConnection(SearchReplicas replicas, SearchReplica replica, Connection connection) {
		this.replicas = replicas;
		this.replica = replica;
		this.connection = connection;
	}

	/**
	 * The JDBC connection.
	 * @return the connection
	 */
	public Connection connection() {
		return this.connection;
	}

	/**
	 * Whether a search of the current thread may read here: always, unless it reads its writes
	 * ({@link SearchReplicas#readingYourWrites}) and the replica has not replayed them within the
	 * timeout.
	 * @return whether to search on this connection
	 */
	public boolean readable() {
		try {
			if (this.replicas.replayedWrites(this.connection)) {
				return true;
			}
			this.replicas.readOnPrimary();
			return false;
		}
		catch (SQLException ex) {
			return !failed(ex);
		}
	}

	/**
	 * Reports a search that failed here.
	 * @param failure what the search threw
	 * @return whether the replica was the reason, so that the search may run elsewhere (the replica
	 * is skipped from then on if it is down)
	 */
	public boolean failed(Throwable failure) {
		if (!replicaFailed(failure)) {
			return false;
		}
		// a shared session's search goes to the primary from here
		this.replicas.readOnPrimary();
		return true;
	}

	/** Whether the replica was the reason a search failed here; marks it when it is down. */
	boolean replicaFailed(Throwable failure) {
		if (!ReplicaFailures.isReplicaFailure(failure)) {
			return false;
		}
		if (ReplicaFailures.isReplicaDown(failure)) {
			this.replica.failed("a search failed there: " + ReplicaFailures.describe(failure));
		}
		return true;
	}

	/** Returns the connection to its pool; a broken one is discarded there. */
	@Override
	public void close() {
		try {
			this.connection.close();
		}
		catch (SQLException ex) {
			// the pool discards a broken connection; nothing of the searches' is left to lose
		}
	}

}
