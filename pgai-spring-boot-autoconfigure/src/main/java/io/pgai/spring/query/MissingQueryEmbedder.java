package io.pgai.spring.query;

import io.pgai.spring.EmbeddingStoreDescription;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.VectorizerEmbedding;

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
	 * The stand-in behind the vectorizers' own models: what a store no vectorizer writes, or one
	 * whose model pgai-spring cannot call, says.
	 * @return the stand-in
	 */
	public static MissingQueryEmbedder behindVectorizers() {
		return new MissingQueryEmbedder(true);
	}

	@Override
	public float[] embed(String text, EmbeddingStoreDescription store) {
		VectorizerEmbedding vectorizer = store.vectorizer();
		String cause;
		if (vectorizer != null) {
			cause = "its vectorizer '" + vectorizer.vectorizerName() + "' embeds with " + vectorizer.implementation()
					+ ((vectorizer.model() != null) ? " " + vectorizer.model() : "")
					+ ", which pgai-spring cannot call itself. Declare ";
		}
		else if (this.catalogConsulted) {
			cause = "no vectorizer writes " + store.qualifiedTable()
					+ " (yet): ai.vectorizer has none with that destination, so there is no model to embed the query "
					+ "with. Create the vectorizer (text searches find it at once), or declare ";
		}
		else {
			cause = "the application has no way to embed text. Declare ";
		}
		throw new IllegalStateException("Cannot search " + store.describe() + " by text: " + cause
				+ "a Spring AI EmbeddingModel bean (for example spring-ai-starter-model-openai), a LangChain4j "
				+ "EmbeddingModel bean, or a QueryEmbedder bean of your own; the model must be the one the "
				+ "vectorizer uses, with " + store.dimensions() + " dimensions. Searches by float[] or Vector work "
				+ "without one.");
	}

}
