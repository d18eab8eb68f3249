package io.pgai.spring;

import java.util.UUID;

/**
 * One row of a vectorizer's embedding store: a chunk of the parent's text and its vector.
 *
 * @param <P> the type of the entity the text came from
 */
public interface Embedding<P> {

	/**
	 * The store's primary key.
	 * @return the UUID of this row
	 */
	UUID getEmbeddingUuid();

	/**
	 * The position of the chunk in the parent's text, starting at 0.
	 * @return the chunk's sequence number
	 */
	int getChunkSeq();

	/**
	 * The text that was embedded, after formatting.
	 * @return the chunk
	 */
	String getChunk();

	/**
	 * The vector of the chunk.
	 * @return the embedding
	 */
	float[] getEmbedding();

	/**
	 * The entity the chunk came from.
	 * @return the parent, loaded lazily unless configured otherwise
	 */
	P getParent();

	/**
	 * The parent's identifier, available without loading the parent.
	 * @return the identifier; for a composite key, the {@code @IdClass} or {@code @EmbeddedId} instance
	 */
	Object getParentId();

}
