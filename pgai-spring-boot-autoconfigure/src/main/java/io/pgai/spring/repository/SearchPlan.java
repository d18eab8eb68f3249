package io.pgai.spring.repository;

/**
 * How one search runs: the index that serves it and its {@code hnsw.ef_search}.
 *
 * @param index the store's index as the search uses it
 * @param efSearch the search's {@code hnsw.ef_search}, {@code 0} for the server's
 */
record SearchPlan(SearchIndex index, int efSearch) {
}
