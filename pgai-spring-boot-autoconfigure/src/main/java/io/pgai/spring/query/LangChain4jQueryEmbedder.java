package io.pgai.spring.query;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.pgai.spring.EmbeddingStoreDescription;
import io.pgai.spring.QueryEmbedder;

/**
 * Embeds queries with a LangChain4j {@link EmbeddingModel}, such as the in-process
 * all-MiniLM-L6-v2.
 */
public class LangChain4jQueryEmbedder implements QueryEmbedder {

	private final EmbeddingModel model;

	/**
	 * Creates an embedder.
	 * @param model the model the vectorizers use
	 */
	public LangChain4jQueryEmbedder(EmbeddingModel model) {
		this.model = model;
	}

	@Override
	public float[] embed(String text, EmbeddingStoreDescription store) {
		return this.model.embed(text).content().vector();
	}

}
