package io.pgai.spring.repository;

import java.util.function.Supplier;

import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;
import io.pgai.spring.relationship.VectorizerRelationships;
import jakarta.persistence.EntityManager;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the {@link EmbeddingRepository} of a relationship.
 */
public class EmbeddingRepositoryFactory {

	private final EntityManager entityManager;

	private final VectorizerRelationships relationships;

	private final HnswSessionSettings hnsw;

	private final TransactionTemplate transactions;

	private final Supplier<QueryEmbedder> queryEmbedder;

	private final int maximumK;

	/**
	 * Creates a factory.
	 * @param entityManager a shared, transaction-aware entity manager
	 * @param relationships the mapped relationships
	 * @param hnsw the HNSW settings of each search
	 * @param transactions read-only transactions
	 * @param queryEmbedder the embedder of text queries, looked up on first use
	 * @param maximumK the largest {@code k} a search accepts
	 */
	public EmbeddingRepositoryFactory(EntityManager entityManager, VectorizerRelationships relationships,
			HnswSessionSettings hnsw, TransactionTemplate transactions, Supplier<QueryEmbedder> queryEmbedder,
			int maximumK) {
		this.entityManager = entityManager;
		this.relationships = relationships;
		this.hnsw = hnsw;
		this.transactions = transactions;
		this.queryEmbedder = queryEmbedder;
		this.maximumK = maximumK;
	}

	/**
	 * Creates the repository of an entity's relationship field.
	 * @param parentType the entity
	 * @param fieldName the {@code @VectorizerRelationship} field
	 * @param <P> the entity type
	 * @return the repository
	 */
	public <P> EmbeddingRepository<P> create(Class<P> parentType, String fieldName) {
		EmbeddingStoreDefinition store = this.relationships.find(parentType, fieldName)
			.orElseThrow(() -> new IllegalStateException("No @VectorizerRelationship " + parentType.getSimpleName()
					+ "." + fieldName + " is mapped in this persistence unit"));
		return new SimpleEmbeddingRepository<>(this.entityManager, store, this.relationships.storeClass(store),
				this.hnsw, this.transactions, this.queryEmbedder, this.maximumK);
	}

}
