package io.pgai.spring.repository;

import io.pgai.spring.relationship.EmbeddingStoreDefinition;

/**
 * Checks search arguments before any SQL runs, naming what was expected.
 */
final class SearchArguments {

	private SearchArguments() {
	}

	static float[] vector(float[] query, EmbeddingStoreDefinition store) {
		if (query == null) {
			throw new IllegalArgumentException("The query vector must not be null");
		}
		if (query.length != store.dimensions()) {
			throw new IllegalArgumentException("The query vector has " + query.length + " dimensions but "
					+ store.describe() + " stores vectors of " + store.dimensions() + " dimensions");
		}
		for (int i = 0; i < query.length; i++) {
			if (!Float.isFinite(query[i])) {
				throw new IllegalArgumentException("The query vector has " + query[i] + " at index " + i
						+ "; every component must be a finite number");
			}
		}
		return query;
	}

	static int k(int k, int maximum) {
		if (k <= 0 || k > maximum) {
			throw new IllegalArgumentException(
					"k must be between 1 and " + maximum + " (pgai.search.max-k) but was " + k);
		}
		return k;
	}

	static String text(String query) {
		if (query == null || query.isBlank()) {
			throw new IllegalArgumentException("The query text must not be blank");
		}
		return query;
	}

}
