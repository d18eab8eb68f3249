package io.pgai.spring.repository;

import java.util.function.Function;

import jakarta.persistence.EntityManager;
import org.hibernate.StatelessSession;

/**
 * Chooses where a search runs: in a stateless session of its own when it reads detached results
 * (no persistence context to fill or flush), else in the caller's entity manager. Either way the
 * search is one statement, its HNSW settings included.
 */
final class SearchSessions {

	private final EntityManager entityManager;

	private final DetachedReads detachedReads;

	SearchSessions(EntityManager entityManager, DetachedReads detachedReads) {
		this.entityManager = entityManager;
		this.detachedReads = detachedReads;
	}

	/**
	 * Runs a search, detached when it can be.
	 * @param detached the search in a stateless session
	 * @param attached the search in the caller's entity manager
	 * @return the search's result
	 */
	<T> T search(Function<StatelessSession, T> detached, Function<EntityManager, T> attached) {
		if (this.detachedReads.applies()) {
			try (StatelessSession session = this.detachedReads.open()) {
				return detached.apply(session);
			}
		}
		return attached.apply(this.entityManager);
	}

}
