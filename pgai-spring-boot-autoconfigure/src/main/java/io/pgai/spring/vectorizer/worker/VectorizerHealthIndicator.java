package io.pgai.spring.vectorizer.worker;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The worker's health: per vectorizer its backlog (counted up to 10,000, so a call stays cheap
 * whatever the backlog), failed rows, last success and last error.
 * <p>
 * A vectorizer that cannot embed (its provider is down or refuses it, its configuration does not
 * fit its tables) makes the status {@link #DEGRADED}, not {@code DOWN}: the application still
 * serves its searches, and an embedding API's outage should not take its aggregate health down.
 * Boot's status aggregation ignores a status it is not told about; to let it count, add it to
 * {@code management.endpoint.health.status.order} (and map it in {@code ...status.http-mapping}).
 * The status is {@code DOWN} when the worker is not running or the database cannot be read. A
 * vectorizer the worker leaves to pgai's own (its configuration is beyond this worker) is listed
 * with the reason under {@code leftAlone} and does not change the status.
 */
public class VectorizerHealthIndicator extends AbstractHealthIndicator {

	/** Some vectorizer cannot embed right now; the details say which and why. */
	public static final Status DEGRADED = new Status("DEGRADED", "A vectorizer cannot embed right now");

	private static final long PENDING_CAP = 10_000;

	private final VectorizerWorker worker;

	private final VectorizerCatalog catalog;

	private final PendingRows pending;

	private final FailureRecorder failures;

	/**
	 * Creates the indicator, which reads the database through the worker's pool, so that a busy
	 * application pool does not make the check wait.
	 * @param worker the worker
	 */
	public VectorizerHealthIndicator(VectorizerWorker worker) {
		super("Vectorizer health check failed");
		this.worker = worker;
		this.catalog = worker.catalog();
		this.pending = new PendingRows(worker.dataSource());
		this.failures = new FailureRecorder(worker.dataSource());
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws SQLException {
		if (!this.worker.isRunning()) {
			builder.down().withDetail("worker", "stopped");
			return;
		}
		Map<String, VectorizerStatus> statuses = this.worker.statuses();
		Map<String, String> leftAlone = this.worker.leftAlone();
		boolean failing = false;
		for (VectorizerDefinition vectorizer : this.catalog.findAll()) {
			if (vectorizer.disabled()) {
				continue;
			}
			Map<String, Object> details = new LinkedHashMap<>();
			long queued = this.pending.countUpTo(vectorizer, PENDING_CAP);
			details.put("pending", (queued > PENDING_CAP) ? "more than " + PENDING_CAP : queued);
			details.put("failed", this.failures.failedRows(vectorizer));
			if (leftAlone.containsKey(vectorizer.name())) {
				details.put("leftAlone", leftAlone.get(vectorizer.name()));
			}
			VectorizerStatus status = statuses.get(vectorizer.name());
			if (status != null) {
				details.put("lastSuccess", String.valueOf(status.lastSuccess()));
				if (status.lastError() != null) {
					details.put("lastError", status.lastError());
					details.put("lastFailure", String.valueOf(status.lastFailure()));
				}
				failing |= status.isFailing();
			}
			builder.withDetail(vectorizer.name(), details);
		}
		builder.status(failing ? DEGRADED : Status.UP);
	}

}
