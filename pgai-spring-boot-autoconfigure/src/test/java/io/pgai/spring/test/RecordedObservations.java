package io.pgai.spring.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * An {@link ObservationRegistry} that keeps the context of every observation it sees stop.
 */
public final class RecordedObservations {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	public RecordedObservations() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				RecordedObservations.this.stopped.add(context);
			}
		});
	}

	public ObservationRegistry registry() {
		return this.registry;
	}

	public List<Observation.Context> stopped() {
		return this.stopped;
	}

}
