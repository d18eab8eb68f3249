package io.pgai.spring.replica;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One replica searches may read from: its connections, and what was last learnt of it. The state
 * changes on each check and when a search finds the replica gone; each change is logged once.
 */
public final class SearchReplica {

	private static final Log logger = LogFactory.getLog(SearchReplica.class);

	private final String name;

	private final DataSource dataSource;

	private final AtomicLong reads = new AtomicLong();

	private volatile @Nullable ReplicaState state;

	private volatile @Nullable Duration lag;

	private volatile @Nullable String detail;

	/** Whether it was last found holding another database than the application's. */
	private volatile boolean anotherDatabase;

	/**
	 * Creates a replica; it is not read from until a check has found it available.
	 * @param name how logs, health and metrics name it, such as {@code 10.0.0.2:5432/app}
	 * @param dataSource its connections
	 */
	public SearchReplica(String name, DataSource dataSource) {
		this.name = name;
		this.dataSource = dataSource;
	}

	/**
	 * The replica's name.
	 * @return such as {@code 10.0.0.2:5432/app}
	 */
	public String name() {
		return this.name;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	boolean available() {
		return this.state == ReplicaState.AVAILABLE;
	}

	boolean answers() {
		return this.state == ReplicaState.AVAILABLE || this.state == ReplicaState.LAGGING;
	}

	void served() {
		this.reads.incrementAndGet();
	}

	/** A check found it answering, so far behind. */
	synchronized void checked(Duration currentLag, Duration maxLag) {
		this.anotherDatabase = false;
		this.lag = currentLag;
		if (currentLag.compareTo(maxLag) > 0) {
			change(ReplicaState.LAGGING, "replay lag " + currentLag.toMillis() + " ms is above pgai.search.max-replica-lag ("
					+ maxLag.toMillis() + " ms); searches read elsewhere until it catches up");
		}
		else {
			change(ReplicaState.AVAILABLE, null);
		}
	}

	/** A check found it answering but further behind than the primary's history the monitor keeps. */
	synchronized void behind(Duration atLeast) {
		this.anotherDatabase = false;
		this.lag = atLeast;
		change(ReplicaState.LAGGING, "it has not replayed what the primary had when the monitor first looked, "
				+ atLeast.toMillis() + " ms ago; searches read elsewhere until it catches up");
	}

	/**
	 * A check or a search found one of its connections reaching another database than the
	 * application's.
	 * @param reason what it reaches instead
	 */
	synchronized void foundAnotherDatabase(String reason) {
		this.anotherDatabase = true;
		this.lag = null;
		change(ReplicaState.UNREACHABLE, reason + "; searches read elsewhere until it reaches a copy");
	}

	/** Whether it was last found holding another database than the application's. */
	boolean holdsAnotherDatabase() {
		return this.anotherDatabase;
	}

	/** A check or a search found it not answering, or not a replica it can read from. */
	synchronized void failed(String reason) {
		this.lag = null;
		change(ReplicaState.UNREACHABLE, reason + "; searches read elsewhere until it answers again");
	}

	private void change(ReplicaState next, @Nullable String why) {
		this.detail = why;
		ReplicaState previous = this.state;
		if (previous == next) {
			return;
		}
		this.state = next;
		if (next == ReplicaState.AVAILABLE) {
			Duration current = this.lag;
			logger.info("Search replica " + this.name + " is available" + ((previous != null) ? " again" : "")
					+ " (replay lag " + ((current != null) ? current.toMillis() : 0) + " ms)");
		}
		else {
			logger.warn("Search replica " + this.name + " is " + next.name().toLowerCase(java.util.Locale.ROOT) + ": "
					+ why);
		}
	}

	/**
	 * What was last learnt of the replica.
	 * @return its status
	 */
	public ReplicaStatus status() {
		ReplicaState current = this.state;
		return new ReplicaStatus(this.name, (current != null) ? current : ReplicaState.UNREACHABLE, this.lag,
				this.reads.get(), (current != null) ? this.detail : "not checked yet");
	}

}
