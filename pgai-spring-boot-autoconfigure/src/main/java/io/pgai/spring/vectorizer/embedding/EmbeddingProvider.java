package io.pgai.spring.vectorizer.embedding;

import java.util.List;

/**
 * Turns texts into vectors, the way one vectorizer's embedding configuration says.
 */
public interface EmbeddingProvider {

	/**
	 * Names the provider and model for logs and the errors table, never with credentials.
	 * @return {@code openai text-embedding-3-small}, for example
	 */
	String describe();

	/**
	 * The most texts one call may take.
	 * @return the batch size
	 */
	int maxBatchSize();

	/**
	 * Embeds texts.
	 * @param texts at most {@link #maxBatchSize()} texts
	 * @return one vector per text, in order
	 * @throws EmbeddingProviderException if the provider fails or answers wrongly
	 */
	List<float[]> embed(List<String> texts);

}
