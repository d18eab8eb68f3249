package io.pgai.spring.repository;

import java.sql.Connection;
import java.util.Optional;
import java.util.function.Function;

import io.pgai.spring.replica.SearchReplicas;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.StatelessSession;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Chooses where a search runs: in a stateless session of its own when it reads detached results
 * (no persistence context to fill or flush), else in the caller's entity manager. Either way the
 * search is one statement, its HNSW settings included.
 * <p>
 * With read replicas, a search outside a transaction runs the same way on a replica's connection;
 * the searches of a read-only transaction, or of a request whose entity manager open-in-view
 * bound, share one session on a replica for as long as that lives (so that lazy parents still
 * load); a search in a read-write transaction stays on the primary.
 */
final class SearchSessions {

	private final EntityManager entityManager;

	private final DetachedReads detachedReads;

	private final @Nullable SearchReplicas replicas;

	SearchSessions(EntityManager entityManager, DetachedReads detachedReads, @Nullable SearchReplicas replicas) {
		this.entityManager = entityManager;
		this.detachedReads = detachedReads;
		this.replicas = replicas;
	}

	/**
	 * Runs a search, detached when it can be, on a replica when there is one to read from.
	 * @param detached the search in a stateless session
	 * @param attached the search in an entity manager
	 * @return the search's result
	 */
	<T> T search(Function<StatelessSession, T> detached, Function<EntityManager, T> attached) {
		SearchReplicas replicas = this.replicas;
		if (replicas != null) {
			if (this.detachedReads.unbound()) {
				Optional<T> result = replicas.onReplica((connection) -> onConnection(connection, detached, attached));
				if (result.isPresent()) {
					return result.get();
				}
			}
			else {
				ReplicaSessions.Shared shared = shared(replicas);
				if (shared != null && shared.connection().readable()) {
					try {
						return attached.apply(shared.session());
					}
					catch (RuntimeException ex) {
						if (!shared.connection().failed(ex)) {
							throw ex;
						}
						// the replica went away: the next search opens a session on another
						shared.discard();
					}
				}
			}
		}
		if (this.detachedReads.applies()) {
			try (StatelessSession session = this.detachedReads.open()) {
				return detached.apply(session);
			}
		}
		return attached.apply(this.entityManager);
	}

	/**
	 * The replica session searches of the caller's persistence context share: in a read-only
	 * transaction, or outside any with an entity manager bound (open-in-view); none in a
	 * read-write transaction, which must see its own writes, nor in one that asked for repeatable
	 * reads, which a replica's autocommitted statements would not keep.
	 */
	private ReplicaSessions.@Nullable Shared shared(SearchReplicas replicas) {
		boolean transaction = TransactionSynchronizationManager.isActualTransactionActive();
		Integer isolation = TransactionSynchronizationManager.getCurrentTransactionIsolationLevel();
		if (transaction && (!TransactionSynchronizationManager.isCurrentTransactionReadOnly()
				|| (isolation != null && isolation > Connection.TRANSACTION_READ_COMMITTED))) {
			return null;
		}
		EntityManager bound = this.detachedReads.boundEntityManager();
		if (bound != null) {
			return ReplicaSessions.ofBound(bound, replicas, this.detachedReads);
		}
		return transaction ? ReplicaSessions.ofTransaction(replicas, this.detachedReads) : null;
	}

	private <T> T onConnection(Connection connection, Function<StatelessSession, T> detached,
			Function<EntityManager, T> attached) {
		if (this.detachedReads.lazyParents()) {
			try (StatelessSession session = this.detachedReads.openStateless(connection)) {
				return detached.apply(session);
			}
		}
		// eagerly fetched parents get their full lifecycle, as in the shared entity manager's session
		try (Session session = this.detachedReads.open(connection)) {
			return attached.apply(session);
		}
	}

}
