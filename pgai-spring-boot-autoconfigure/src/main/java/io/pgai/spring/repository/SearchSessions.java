package io.pgai.spring.repository;

import java.util.function.Function;

import jakarta.persistence.EntityManager;
import org.hibernate.StatelessSession;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chooses where a search runs: in a stateless session of its own when it reads detached results
 * and needs no session settings (no persistence context to fill or flush), else in the caller's
 * entity manager, inside a read-only transaction when HNSW settings must be {@code SET LOCAL}.
 */
final class SearchSessions {

	private final EntityManager entityManager;

	private final HnswSessionSettings hnsw;

	private final TransactionTemplate transactions;

	private final DetachedReads detachedReads;

	SearchSessions(EntityManager entityManager, HnswSessionSettings hnsw, TransactionTemplate transactions,
			DetachedReads detachedReads) {
		this.entityManager = entityManager;
		this.hnsw = hnsw;
		this.transactions = transactions;
		this.detachedReads = detachedReads;
	}

	/**
	 * Runs an unfiltered search, detached when it can be.
	 * @param detached the search in a stateless session
	 * @param attached the search in the caller's entity manager
	 * @return the search's result
	 */
	<T> T unfiltered(Function<StatelessSession, T> detached, Function<EntityManager, T> attached) {
		if (!this.hnsw.appliesTo(false) && this.detachedReads.applies()) {
			try (StatelessSession session = this.detachedReads.open()) {
				return detached.apply(session);
			}
		}
		return attached(false, attached);
	}

	/**
	 * Runs a search in the caller's entity manager, with the HNSW settings it needs.
	 * @param filtered whether the search filters (HNSW's iterative scan applies to those only)
	 * @param search the search
	 * @return the search's result
	 */
	<T> T attached(boolean filtered, Function<EntityManager, T> search) {
		if (!this.hnsw.appliesTo(filtered)) {
			return search.apply(this.entityManager);
		}
		// SET LOCAL lasts for the transaction: join the caller's or start a read-only one.
		T result = this.transactions.execute((status) -> {
			this.hnsw.apply(this.entityManager, filtered);
			return search.apply(this.entityManager);
		});
		if (result == null) {
			throw new IllegalStateException("The search transaction returned no result");
		}
		return result;
	}

}
