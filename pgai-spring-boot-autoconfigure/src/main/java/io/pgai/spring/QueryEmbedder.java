package io.pgai.spring;

/**
 * Turns the text of a query into a vector comparable with a store's embeddings, that is, with the
 * model its vectorizer used. Declare a bean to replace the one auto-configuration picks; the
 * description it receives names the vectorizer's model when a vectorizer writes the store, so one
 * embedder can serve stores written by different models.
 */
@FunctionalInterface
public interface QueryEmbedder {

	/**
	 * Embeds a query for one store.
	 * @param text the query, never blank
	 * @param store the store the query searches
	 * @return the query's vector, of the store's dimensions
	 */
	float[] embed(String text, EmbeddingStoreDescription store);

}
