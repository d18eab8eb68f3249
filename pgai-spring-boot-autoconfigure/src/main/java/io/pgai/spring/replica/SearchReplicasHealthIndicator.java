package io.pgai.spring.replica;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The search replicas' health, from what the monitor last found (no query of its own): per replica
 * its state, replay lag, the searches it served and why it is skipped, and the searches the
 * primary took instead.
 * <p>
 * With no replica available the status is {@link #DEGRADED}, not {@code DOWN}: searches still
 * succeed, on the primary. As for the vectorizer's {@code DEGRADED}, add it to
 * {@code management.endpoint.health.status.order} to let the aggregate count it.
 */
public class SearchReplicasHealthIndicator extends AbstractHealthIndicator {

	/** No replica is available: searches read from the primary. */
	public static final Status DEGRADED = new Status("DEGRADED", "No replica is available; searches read from the primary");

	private final SearchReplicas replicas;

	/**
	 * Creates the indicator.
	 * @param replicas the replicas
	 */
	public SearchReplicasHealthIndicator(SearchReplicas replicas) {
		super("Search replicas health check failed");
		this.replicas = replicas;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean available = false;
		for (ReplicaStatus status : this.replicas.status()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", status.state());
			if (status.lag() != null) {
				details.put("lagMillis", status.lag().toMillis());
			}
			details.put("reads", status.reads());
			if (status.detail() != null) {
				details.put("detail", status.detail());
			}
			builder.withDetail(status.name(), details);
			available |= status.state() == ReplicaState.AVAILABLE;
		}
		builder.withDetail("primaryReads", this.replicas.primaryReads());
		builder.status(available ? Status.UP : DEGRADED);
	}

}
