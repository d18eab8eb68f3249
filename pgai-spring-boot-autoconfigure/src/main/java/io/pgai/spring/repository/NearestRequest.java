package io.pgai.spring.repository;

import org.jspecify.annotations.Nullable;

/**
 * One nearest-neighbour search, its arguments checked.
 *
 * @param vector the query vector
 * @param offset how many results to skip
 * @param limit how many results at most
 * @param filter the condition on the store's rows, if any
 * @param minimumSimilarity the lowest similarity a result may have, if any
 */
record NearestRequest(float[] vector, int offset, int limit, @Nullable StoreFilter filter,
		@Nullable Double minimumSimilarity) {

	boolean filtered() {
		return this.filter != null || this.minimumSimilarity != null;
	}

}
