package io.pgai.spring.repository;

import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;

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
	public float[] embed(String text, EmbeddingStoreDefinition store) {
		return this.model.embed(text);
	}

}
