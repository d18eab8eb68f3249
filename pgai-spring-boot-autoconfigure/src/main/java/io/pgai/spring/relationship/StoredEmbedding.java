package io.pgai.spring.relationship;

import java.util.UUID;

import io.pgai.spring.Embedding;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.annotations.JdbcType;
import org.jspecify.annotations.Nullable;

/**
 * The columns every pgai embedding store has. Each {@link io.pgai.spring.VectorizerRelationship}
 * gets a generated subclass that adds the parent association and the parent's key.
 *
 * @param <P> the parent entity type
 */
@MappedSuperclass
public abstract class StoredEmbedding<P> implements Embedding<P> {

	@Id
	@Column(name = "embedding_uuid", nullable = false, updatable = false)
	private UUID embeddingUuid;

	@Column(name = "chunk_seq", nullable = false, updatable = false)
	private int chunkSeq;

	@Column(name = "chunk", nullable = false, updatable = false)
	private String chunk;

	@JdbcType(BinaryVectorJdbcType.class)
	@Column(name = "embedding", nullable = false, updatable = false)
	private float[] embedding;

	protected StoredEmbedding() {
		// Hibernate populates the fields; the store is written only by the vectorizer.
	}

	@Override
	public UUID getEmbeddingUuid() {
		return this.embeddingUuid;
	}

	@Override
	public int getChunkSeq() {
		return this.chunkSeq;
	}

	@Override
	public String getChunk() {
		return this.chunk;
	}

	@Override
	public float[] getEmbedding() {
		return this.embedding;
	}

	@Override
	public abstract P getParent();

	@Override
	public abstract Object getParentId();

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof StoredEmbedding<?> that && this.embeddingUuid != null
				&& this.embeddingUuid.equals(that.embeddingUuid));
	}

	@Override
	public int hashCode() {
		return (this.embeddingUuid != null) ? this.embeddingUuid.hashCode() : 0;
	}

	@Override
	public String toString() {
		String text = (this.chunk != null && this.chunk.length() > 40) ? this.chunk.substring(0, 40) + "..." : this.chunk;
		return "Embedding[uuid=" + this.embeddingUuid + ", parentId=" + getParentId() + ", chunkSeq=" + this.chunkSeq
				+ ", chunk=" + text + ", dimensions=" + ((this.embedding != null) ? this.embedding.length : 0) + "]";
	}

}
