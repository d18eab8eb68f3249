package io.pgai.spring.repository;

import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;

/**
 * Stands in when the application has no way to embed text, so that vector searches still work
 * and text searches say what is missing and what to configure.
 */
public class MissingQueryEmbedder implements QueryEmbedder {

	private final boolean catalogConsulted;

	/**
	 * Creates the stand-in for an application with no query embedder and no vectorizer catalog.
	 */
	public MissingQueryEmbedder() {
		this(false);
	}

	private MissingQueryEmbedder(boolean catalogConsulted) {
		this.catalogConsulted = catalogConsulted;
	}

	/**
	 * The stand-in behind the vectorizers' own models: what a store no vectorizer writes says.
	 * @return the stand-in
	 */
	public static MissingQueryEmbedder behindVectorizers() {
		return new MissingQueryEmbedder(true);
	}

	@Override
	public float[] embed(String text, EmbeddingStoreDefinition store) {
		String cause = this.catalogConsulted ? "no vectorizer writes " + store.qualifiedTable()
				+ " (yet): ai.vectorizer has none with that destination, so there is no model to embed the query "
				+ "with. Create the vectorizer (text searches find it at once), or declare "
				: "the application has no way to embed text. Declare ";
		throw new IllegalStateException("Cannot search " + store.describe() + " by text: " + cause
				+ "a Spring AI EmbeddingModel bean (for example spring-ai-starter-model-openai), a LangChain4j "
				+ "EmbeddingModel bean, or a QueryEmbedder bean of your own; the model must be the one the "
				+ "vectorizer uses, with " + store.dimensions() + " dimensions. Searches by float[] or Vector work "
				+ "without one.");
	}

}
