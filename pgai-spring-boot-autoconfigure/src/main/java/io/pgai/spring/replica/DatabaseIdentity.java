package io.pgai.spring.replica;

/**
 * Which database a connection reaches: its cluster's system identifier, which a streaming replica
 * shares with its primary (and keeps when promoted), and the database's name, which a physical
 * copy keeps too. Two servers with both alike hold copies of the same database.
 *
 * @param systemIdentifier the cluster's {@code pg_control_system().system_identifier}
 * @param database the database's name
 */
record DatabaseIdentity(String systemIdentifier, String database) {

	/** The identity of the database a connection reaches, readable by any role. */
	static final String SQL = "select system_identifier::text, current_database() from pg_control_system()";

	@Override
	public String toString() {
		return "database " + this.database + " of the cluster with system identifier " + this.systemIdentifier;
	}

}
