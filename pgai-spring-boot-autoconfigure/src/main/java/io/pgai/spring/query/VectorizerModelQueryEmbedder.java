package io.pgai.spring.query;

import java.util.List;

import io.pgai.spring.EmbeddingStoreDescription;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.VectorizerEmbedding;
import io.pgai.spring.vectorizer.worker.EmbeddingProviders;

/**
 * Embeds a query with the model of the vectorizer that writes the searched store, through the
 * worker's own providers, so that the query and the chunks come from the same model.
 */
public class VectorizerModelQueryEmbedder implements QueryEmbedder {

	private final EmbeddingProviders providers;

	private final QueryEmbedder fallback;

	/**
	 * Creates an embedder.
	 * @param providers the worker's providers
	 * @param fallback what embeds queries of stores no vectorizer writes, or whose model the
	 * providers cannot call
	 */
	public VectorizerModelQueryEmbedder(EmbeddingProviders providers, QueryEmbedder fallback) {
		this.providers = providers;
		this.fallback = fallback;
	}

	@Override
	public float[] embed(String text, EmbeddingStoreDescription store) {
		VectorizerEmbedding vectorizer = store.vectorizer();
		if (vectorizer == null || !EmbeddingProviders.supports(vectorizer.implementation())) {
			return this.fallback.embed(text, store);
		}
		return this.providers.forEmbedding(vectorizer.config(), vectorizer.dimensions()).embed(List.of(text)).get(0);
	}

}
