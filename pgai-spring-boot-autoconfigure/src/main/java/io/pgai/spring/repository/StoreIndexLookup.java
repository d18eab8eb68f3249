package io.pgai.spring.repository;

import java.util.List;

import io.pgai.spring.Distance;
import io.pgai.spring.relationship.StoreVectorIndex;
import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.jspecify.annotations.Nullable;

/**
 * The store's vector index and size as the catalog gives them, asked at most once a minute: the
 * worker creates the index once the store is large enough, a migration may add a quantized one,
 * and both the query a search needs and its {@code hnsw.ef_search} depend on them.
 */
final class StoreIndexLookup {

	private static final long RECHECK_NANOS = 60_000_000_000L;

	private final EntityManager entityManager;

	private final Class<?> storeClass;

	private final DistanceFunction distance;

	private final Distance storeDistance;

	private final int oversampling;

	private volatile long checkedAt;

	private volatile @Nullable StoreIndex current;

	StoreIndexLookup(EntityManager entityManager, Class<?> storeClass, Distance storeDistance,
			int oversampling) {
		this.entityManager = entityManager;
		this.storeClass = storeClass;
		this.storeDistance = storeDistance;
		this.distance = DistanceFunction.of(storeDistance);
		this.oversampling = oversampling;
	}

	/**
	 * The store's index and size, read again when a minute has passed.
	 * @return what the catalog said last
	 */
	StoreIndex current() {
		long now = System.nanoTime();
		StoreIndex index = this.current;
		if (index == null || now - this.checkedAt > RECHECK_NANOS) {
			index = read();
			this.current = index;
			this.checkedAt = now;
		}
		return index;
	}

	/**
	 * The store's table as Hibernate writes it.
	 * @return the table, qualified by its schema when the mapping names one
	 */
	String table() {
		return ((AbstractEntityPersister) this.entityManager.getEntityManagerFactory()
			.unwrap(SessionFactoryImplementor.class)
			.getMappingMetamodel()
			.getEntityDescriptor(this.storeClass)).getTableName();
	}

	@SuppressWarnings("unchecked")
	private StoreIndex read() {
		String table = table();
		List<Object[]> rows = this.entityManager.createNativeQuery(StoreVectorIndex.SQL.replace("?", "?1"), Object[].class)
			.setParameter(1, table)
			.getResultList();
		StoreVectorIndex usable = StoreVectorIndex.usable(StoreVectorIndex.of(rows), this.storeDistance);
		long size = rows.isEmpty() ? 0 : ((Number) rows.get(0)[3]).longValue();
		return new StoreIndex(SearchIndex.of(usable, this.distance, this.oversampling), size);
	}

	/**
	 * A store's index and estimated size.
	 *
	 * @param index the index searches use
	 * @param rows the store's estimated rows
	 */
	record StoreIndex(SearchIndex index, long rows) {
	}

}
