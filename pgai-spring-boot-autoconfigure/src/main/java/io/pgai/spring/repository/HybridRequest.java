package io.pgai.spring.repository;

import org.jspecify.annotations.Nullable;

/**
 * One hybrid search, its arguments checked.
 *
 * @param text the query text, matched by the text side
 * @param vector the query text's embedding, searched by the vector side
 * @param k how many results at most
 * @param candidates how many chunks each side yields
 * @param filter the condition on the store's rows, if any
 */
record HybridRequest(String text, float[] vector, int k, int candidates, @Nullable StoreFilter filter) {

}
