package io.pgai.spring.repository;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;

/**
 * Whether a store has an HNSW or IVFFlat index, asked at most once a minute: the worker creates
 * the index once the store is large enough, and the best plan for some searches depends on it.
 */
final class VectorIndexPresence {

	private static final long RECHECK_NANOS = 60_000_000_000L;

	private final EntityManager entityManager;

	private final Class<?> storeClass;

	private volatile long checkedAt;

	private volatile boolean exists;

	VectorIndexPresence(EntityManager entityManager, Class<?> storeClass) {
		this.entityManager = entityManager;
		this.storeClass = storeClass;
	}

	boolean exists() {
		long now = System.nanoTime();
		if (this.checkedAt == 0 || now - this.checkedAt > RECHECK_NANOS) {
			String table = ((AbstractEntityPersister) this.entityManager.getEntityManagerFactory()
				.unwrap(SessionFactoryImplementor.class)
				.getMappingMetamodel()
				.getEntityDescriptor(this.storeClass)).getTableName();
			Object result = this.entityManager
				.createNativeQuery("select exists (select 1 from pg_index i join pg_class c on c.oid = i.indexrelid "
						+ "join pg_am am on am.oid = c.relam where i.indrelid = to_regclass(?1) "
						+ "and am.amname in ('hnsw', 'ivfflat'))")
				.setParameter(1, table)
				.getSingleResult();
			this.exists = Boolean.TRUE.equals(result);
			this.checkedAt = now;
		}
		return this.exists;
	}

}
