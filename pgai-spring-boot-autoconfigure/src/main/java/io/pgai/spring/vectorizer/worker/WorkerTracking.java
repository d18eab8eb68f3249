package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reports the worker in pgai's worker tracking tables, as pgai's worker does, so that pgai's
 * status tooling sees it: registered with {@code ai._worker_start} when the catalog has
 * {@code ai.vectorizer_worker_process}, a heartbeat every poll interval with the batches and
 * failures since the last ({@code ai._worker_heartbeat}), and each vectorizer's progress after
 * every batch and failure ({@code ai._worker_progress}).
 * <p>
 * Tracking never stops the work: where its calls fail (a role without the privilege, a catalog
 * without the functions) it says so once and goes quiet.
 */
class WorkerTracking {

	private static final Log logger = LogFactory.getLog(WorkerTracking.class);

	private final DataSource dataSource;

	private final Duration heartbeatInterval;

	private final String version;

	private final AtomicInteger successes = new AtomicInteger();

	private final AtomicInteger errors = new AtomicInteger();

	private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();

	private volatile @Nullable UUID workerId;

	private volatile long lastBeatNanos;

	private volatile boolean off;

	/**
	 * Creates the tracking of one worker.
	 * @param dataSource the worker's pool
	 * @param heartbeatInterval how often it beats: the poll interval, as pgai's worker does
	 */
	WorkerTracking(DataSource dataSource, Duration heartbeatInterval) {
		this.dataSource = dataSource;
		this.heartbeatInterval = heartbeatInterval;
		String implementation = WorkerTracking.class.getPackage().getImplementationVersion();
		this.version = "pgai-spring" + ((implementation != null) ? "/" + implementation : "");
	}

	/**
	 * Registers the worker and sends its first heartbeat, once the catalog has tracking tables.
	 * Called on every catalog read until it has registered.
	 */
	void startIfTracked() {
		if (this.workerId != null || this.off) {
			return;
		}
		try (Connection connection = this.dataSource.getConnection()) {
			if (!tracked(connection)) {
				return;
			}
			try (PreparedStatement start = connection.prepareStatement("select ai._worker_start(?, ?::interval)")) {
				start.setString(1, this.version);
				start.setString(2, this.heartbeatInterval.toMillis() + " milliseconds");
				try (ResultSet rs = start.executeQuery()) {
					rs.next();
					this.workerId = rs.getObject(1, UUID.class);
				}
			}
		}
		catch (SQLException ex) {
			failedCall("register", ex);
			return;
		}
		heartbeat();
	}

	/** Sends a heartbeat if a heartbeat interval has passed since the last. */
	void heartbeatIfDue() {
		if (System.nanoTime() - this.lastBeatNanos >= this.heartbeatInterval.toNanos()) {
			heartbeat();
		}
	}

	/** Reports the batches and failures since the last heartbeat. */
	void heartbeat() {
		UUID worker = this.workerId;
		if (worker == null || this.off) {
			return;
		}
		this.lastBeatNanos = System.nanoTime();
		int succeeded = this.successes.getAndSet(0);
		int failed = this.errors.getAndSet(0);
		String error = this.lastError.getAndSet(null);
		if (!call("heartbeat", "select ai._worker_heartbeat(?, ?, ?, ?)", worker, succeeded, failed, error)) {
			// counted in the next heartbeat instead
			this.successes.addAndGet(succeeded);
			this.errors.addAndGet(failed);
			this.lastError.compareAndSet(null, error);
		}
	}

	/**
	 * A batch of a vectorizer was written: reported on the batch's own connection, right after its
	 * write, as pgai's worker reports it, so that no other connection is taken for it.
	 * @param connection the batch's connection, in auto-commit mode
	 * @param vectorizer the vectorizer
	 * @param rows the rows it processed
	 */
	void batchSucceeded(Connection connection, VectorizerDefinition vectorizer, int rows) {
		UUID worker = this.workerId;
		this.successes.incrementAndGet();
		if (worker != null && !this.off) {
			try {
				run(connection, "select ai._worker_progress(?, ?, ?, null)", worker, vectorizer.id(), rows);
			}
			catch (SQLException ex) {
				failedCall("progress", ex);
			}
		}
	}

	/**
	 * A vectorizer failed.
	 * @param vectorizer the vectorizer
	 * @param message what happened
	 */
	void failed(VectorizerDefinition vectorizer, String message) {
		UUID worker = this.workerId;
		this.errors.incrementAndGet();
		this.lastError.set(message);
		if (worker != null && !this.off) {
			call("progress", "select ai._worker_progress(?, ?, 0, ?)", worker, vectorizer.id(), message);
		}
	}

	/**
	 * The worker's id in {@code ai.vectorizer_worker_process}.
	 * @return the id, or {@code null} before registering or where the catalog has no tracking
	 */
	@Nullable UUID workerId() {
		return this.workerId;
	}

	private static boolean tracked(Connection connection) throws SQLException {
		try (PreparedStatement check = connection
			.prepareStatement("select to_regclass('ai.vectorizer_worker_process') is not null");
				ResultSet rs = check.executeQuery()) {
			rs.next();
			return rs.getBoolean(1);
		}
	}

	private boolean call(String what, String sql, Object... parameters) {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			run(connection, sql, parameters);
			return true;
		}
		catch (SQLException ex) {
			failedCall(what, ex);
			return false;
		}
	}

	private static void run(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			statement.execute();
		}
	}

	/**
	 * A call failed: for good where the catalog or the role will not change by itself (no such
	 * function or table, no privilege), once where the moment was wrong (a vectorizer dropped
	 * meanwhile, a connection lost).
	 */
	private void failedCall(String what, SQLException ex) {
		if (DatabaseFailures.isConfiguration(ex)) {
			giveUp(what, ex);
		}
		else {
			logger.debug("A worker tracking " + what + " call failed: " + ex.getMessage());
		}
	}

	private void giveUp(String what, SQLException ex) {
		if (!this.off) {
			this.off = true;
			logger.warn("The vectorizer worker stops reporting itself in pgai's worker tracking tables: its " + what
					+ " call failed (" + ex.getMessage() + "). The work goes on; grant the worker's role "
					+ "insert and update on ai.vectorizer_worker_process and ai.vectorizer_worker_progress for it.");
		}
	}

}
