package io.pgai.spring.benchmarks;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Array;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The search benchmark's chunks mapped by hand, the way a Spring Data JPA 4 user without this
 * starter would map them, for the derived vector-search contender. Same table and index as
 * {@code findNearest}'s.
 */
@Entity
@Immutable
@Table(name = "bench_docs_embedding_store")
public class BenchChunk {

	@Id
	@Column(name = "embedding_uuid")
	private UUID embeddingUuid;

	@Column(name = "id")
	private Long parentId;

	@Column(name = "chunk_seq")
	private int chunkSeq;

	private String chunk;

	@JdbcTypeCode(SqlTypes.VECTOR)
	@Array(length = BenchmarkOptions.DIMENSIONS)
	private float[] embedding;

	protected BenchChunk() {
	}

	public UUID getEmbeddingUuid() {
		return this.embeddingUuid;
	}

	public Long getParentId() {
		return this.parentId;
	}

	public int getChunkSeq() {
		return this.chunkSeq;
	}

	public String getChunk() {
		return this.chunk;
	}

	public float[] getEmbedding() {
		return this.embedding;
	}

}
