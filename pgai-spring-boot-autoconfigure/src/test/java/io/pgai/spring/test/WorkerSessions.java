package io.pgai.spring.test;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the vectorizer worker's sessions hold right now, read from {@code pg_stat_activity} and
 * {@code pg_locks}: the worker's own pool names its sessions {@code pgai-vectorizer}.
 */
public final class WorkerSessions {

	/** The {@code application_name} of the worker pool's sessions. */
	public static final String APPLICATION_NAME = "pgai-vectorizer";

	private WorkerSessions() {
	}

	/**
	 * The worker's sessions that hold a transaction open between statements ({@code idle in
	 * transaction}): what a session waiting on a provider inside a transaction looks like. A
	 * statement running in auto-commit at that moment, such as a catalog read or a heartbeat, is
	 * its own transaction and does not count.
	 * @param jdbc a connection of the test's own
	 * @return one line per such session, empty when none
	 */
	public static List<String> inTransaction(JdbcTemplate jdbc) {
		return jdbc.queryForList("select pid || ' ' || state || ' since ' || xact_start || ': ' || query "
				+ "from pg_stat_activity where application_name = ? and xact_start is not null "
				+ "and state like 'idle in transaction%'", String.class, APPLICATION_NAME);
	}

	/**
	 * The worker's sessions, whatever their state.
	 * @param jdbc a connection of the test's own
	 * @return how many
	 */
	public static long count(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*) from pg_stat_activity where application_name = ?", Long.class,
				APPLICATION_NAME);
	}

	/**
	 * The keys of a source table whose rows some session holds pgai's per-row advisory lock for:
	 * {@code (vectorizer id, hashtext(concat_ws('|', 'id', id)))}.
	 * @param jdbc a connection of the test's own
	 * @param vectorizerId the vectorizer
	 * @param source the source table, keyed by {@code id}
	 * @return the locked ids, in order
	 */
	public static List<Long> lockedIds(JdbcTemplate jdbc, int vectorizerId, String source) {
		return jdbc.queryForList("select s.id from " + source + " s where exists (select 1 from pg_locks l "
				+ "where l.locktype = 'advisory' and l.granted and l.classid = ?::oid "
				+ "and l.objid = hashtext(concat_ws('|', 'id', s.id))::oid and l.objsubid = 2) order by s.id",
				Long.class, vectorizerId);
	}

	/**
	 * The sessions holding per-row advisory locks of a vectorizer, by {@code application_name}.
	 * @param jdbc a connection of the test's own
	 * @param vectorizerId the vectorizer
	 * @return the distinct application names
	 */
	public static List<String> lockHolders(JdbcTemplate jdbc, int vectorizerId) {
		return jdbc.queryForList("select distinct a.application_name from pg_locks l join pg_stat_activity a "
				+ "on a.pid = l.pid where l.locktype = 'advisory' and l.classid = ?::oid and l.objsubid = 2",
				String.class, vectorizerId);
	}

}
