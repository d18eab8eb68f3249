package io.pgai.spring.query;

import io.pgai.spring.EmbeddingStoreDescription;
import io.pgai.spring.QueryEmbedder;

import org.springframework.ai.embedding.EmbeddingModel;

/**
 * Embeds queries with a Spring AI {@link EmbeddingModel}.
 */
public class SpringAiQueryEmbedder implements QueryEmbedder {

	private final EmbeddingModel model;

	/**
	 * Creates an embedder.
	 * @param model the model the vectorizers use
	 */
	public SpringAiQueryEmbedder(EmbeddingModel model) {
		this.model = model;
	}

	@Override
	public float[] embed(String text, EmbeddingStoreDescription store) {
		return this.model.embed(text);
	}

}
