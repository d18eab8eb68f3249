package io.pgai.spring.repository;

import java.util.function.Supplier;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Wraps each search of one store in a Micrometer {@link Observation} named {@code pgai.search},
 * so that Boot's metrics ({@code pgai.search} timer) and tracing (a span per search) see it. Its
 * tags are of low cardinality: the store's table, the search's shape, the distance and the kind of
 * index that served it.
 */
final class SearchObservations {

	/** The observation's name, also the timer's. */
	static final String NAME = "pgai.search";

	private final ObservationRegistry registry;

	private final KeyValues storeTags;

	SearchObservations(ObservationRegistry registry, String store, String distance) {
		this.registry = registry;
		this.storeTags = KeyValues.of("pgai.store", store, "pgai.distance", distance);
	}

	/**
	 * Runs a search inside its observation.
	 * @param shape {@code nearest}, {@code filtered}, {@code parents} or {@code parents-filtered}
	 * @param index the kind of index: {@code none}, {@code vector}, {@code halfvec} or {@code binary}
	 * @param search the search
	 * @return the search's result
	 */
	<T> T observe(String shape, String index, Supplier<T> search) {
		return Observation.createNotStarted(NAME, this.registry)
			.contextualName("pgai search " + shape)
			.lowCardinalityKeyValues(this.storeTags.and("pgai.shape", shape, "pgai.index", index))
			.observe(search);
	}

}
