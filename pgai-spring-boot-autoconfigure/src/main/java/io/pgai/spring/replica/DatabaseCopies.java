package io.pgai.spring.replica;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether replica connections reach a copy of the application's database. Each physical
 * connection is asked once, before a search uses it: a pooled connection outlives an address that
 * moves to another server, so one answer per replica would not tell for the others.
 */
final class DatabaseCopies {

	/** PostgreSQL's insufficient_privilege: a role the application runs as may not read pg_control_system(). */
	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	private static final Log logger = LogFactory.getLog(DatabaseCopies.class);

	/** The physical connections found to reach a copy, forgotten with them. */
	private final Set<Connection> verified = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private volatile @Nullable DatabaseIdentity primary;

	/** Whether the primary refused to say which database it is, so nothing is compared. */
	private volatile boolean unknowable;

	/**
	 * Learns which database the primary is, until it has answered once.
	 * @param dataSource the primary
	 * @throws IllegalStateException if it cannot be asked now (it is asked again at the next check)
	 */
	void learnPrimary(DataSource dataSource) {
		if (this.primary != null || this.unknowable) {
			return;
		}
		try (Connection connection = dataSource.getConnection()) {
			this.primary = read(connection);
		}
		catch (SQLException ex) {
			if (!INSUFFICIENT_PRIVILEGE.equals(ex.getSQLState())) {
				throw new IllegalStateException("Could not ask the primary which database it is: " + ex.getMessage(),
						ex);
			}
			this.unknowable = true;
			logger.warn("The application's role may not call pg_control_system() (" + ex.getMessage()
					+ "); search replicas are not checked to hold copies of the application's database");
		}
	}

	/**
	 * Why a connection may not serve searches: it reaches another database than the primary's.
	 * @param connection a replica's connection
	 * @return the reason, or {@code null} when it reaches a copy (or the primary is not known yet)
	 * @throws SQLException if the replica cannot be asked
	 */
	@Nullable String mismatch(Connection connection) throws SQLException {
		DatabaseIdentity expected = this.primary;
		if (expected == null) {
			return null;
		}
		// a pool's proxy unwraps to the physical connection, which outlives each borrowing
		Connection physical = connection.unwrap(Connection.class);
		if (this.verified.contains(physical)) {
			return null;
		}
		DatabaseIdentity actual = read(connection);
		if (!expected.equals(actual)) {
			return "it holds " + actual + ", not a copy of the application's " + expected;
		}
		this.verified.add(physical);
		return null;
	}

	private static DatabaseIdentity read(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(DatabaseIdentity.SQL)) {
			rs.next();
			return new DatabaseIdentity(rs.getString(1), rs.getString(2));
		}
	}

}
