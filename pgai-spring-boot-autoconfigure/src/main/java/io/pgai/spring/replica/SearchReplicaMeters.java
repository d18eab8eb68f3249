package io.pgai.spring.replica;

import java.time.Duration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The search replicas' meters, read from what the monitor last found: per replica (tag
 * {@code replica}) {@code pgai.search.replica.lag} in seconds (NaN while it does not answer),
 * {@code pgai.search.replica.available} (1 or 0) and {@code pgai.search.replica.reads}; and
 * {@code pgai.search.primary.reads}, the searches no replica could take.
 */
public class SearchReplicaMeters implements MeterBinder {

	private final SearchReplicas replicas;

	/**
	 * Creates the meters.
	 * @param replicas the replicas
	 */
	public SearchReplicaMeters(SearchReplicas replicas) {
		this.replicas = replicas;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (SearchReplica replica : this.replicas.replicas()) {
			Gauge.builder("pgai.search.replica.lag", replica, (r) -> {
				Duration lag = r.status().lag();
				return (lag != null) ? lag.toNanos() / 1e9 : Double.NaN;
			}).tag("replica", replica.name()).baseUnit("seconds").description("Replay lag behind the primary")
				.register(registry);
			Gauge.builder("pgai.search.replica.available", replica, (r) -> r.available() ? 1 : 0)
				.tag("replica", replica.name())
				.description("Whether searches read from the replica")
				.register(registry);
			FunctionCounter.builder("pgai.search.replica.reads", replica, (r) -> r.status().reads())
				.tag("replica", replica.name())
				.description("Searches the replica served")
				.register(registry);
		}
		FunctionCounter.builder("pgai.search.primary.reads", this.replicas, SearchReplicas::primaryReads)
			.description("Searches outside read-write transactions that no replica could take")
			.register(registry);
	}

}
