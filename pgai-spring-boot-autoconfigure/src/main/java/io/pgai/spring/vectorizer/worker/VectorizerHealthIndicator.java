package io.pgai.spring.vectorizer.worker;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The worker's health: per vectorizer its backlog, failed rows, last success and last error;
 * down when the worker is stopped or a vectorizer has failed since it last succeeded.
 */
public class VectorizerHealthIndicator extends AbstractHealthIndicator {

	private final VectorizerWorker worker;

	private final VectorizerCatalog catalog;

	private final PendingRows pending;

	private final FailureRecorder failures;

	/**
	 * Creates the indicator.
	 * @param worker the worker
	 * @param catalog the vectorizer catalog
	 * @param dataSource the database
	 */
	public VectorizerHealthIndicator(VectorizerWorker worker, VectorizerCatalog catalog, DataSource dataSource) {
		super("Vectorizer health check failed");
		this.worker = worker;
		this.catalog = catalog;
		this.pending = new PendingRows(dataSource);
		this.failures = new FailureRecorder(dataSource);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws SQLException {
		if (!this.worker.isRunning()) {
			builder.down().withDetail("worker", "stopped");
			return;
		}
		Map<String, VectorizerStatus> statuses = this.worker.statuses();
		boolean failing = false;
		for (VectorizerDefinition vectorizer : this.catalog.findAll()) {
			if (vectorizer.disabled()) {
				continue;
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("pending", this.pending.count(vectorizer));
			details.put("failed", this.failures.failedRows(vectorizer));
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
		if (failing) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
