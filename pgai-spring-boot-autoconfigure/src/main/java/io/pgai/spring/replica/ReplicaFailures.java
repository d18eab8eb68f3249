package io.pgai.spring.replica;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Tells a replica that failed a search (gone, shutting down, cancelling for recovery) from a
 * search that failed on its own: the first is retried elsewhere, the second is the caller's.
 */
final class ReplicaFailures {

	/** Shutdown states and the query cancellations a hot standby makes to replay WAL. */
	private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01");

	private ReplicaFailures() {
	}

	/**
	 * Whether the replica is the reason, not the search: the search may run elsewhere.
	 */
	static boolean isReplicaFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && isReplicaState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the replica is down, rather than only busy: Hikari's timeout with no cause is a pool
	 * whose connections are all in use, which says nothing against the replica.
	 */
	static boolean isReplicaDown(Throwable failure) {
		return !(failure instanceof SQLTransientConnectionException && failure.getCause() == null)
				&& isReplicaFailure(failure);
	}

	private static boolean isReplicaState(@Nullable String state) {
		// class 08: the connection is gone or could not be made
		return state != null && (state.startsWith("08") || STATES.contains(state));
	}

	static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return (message != null) ? message.lines().findFirst().orElse(message) : root.getClass().getSimpleName();
	}

}
