package io.pgai.spring.repository;

import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import io.pgai.spring.replica.ReplicaConnection;
import io.pgai.spring.replica.SearchReplicas;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.SessionEventListener;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The session on a replica that searches share while the caller's persistence context lives: that
 * of the entity manager bound to the thread (a read-only transaction's, or the one open-in-view
 * bound to a request), closed when that entity manager's session ends; or, for a read-only
 * transaction without one, the transaction's, closed when it completes. Opened by the first
 * search, so that the entities it returns load their lazy parents for as long as the caller's own
 * would; dropped as soon as a search finds the replica gone, so that the next opens another.
 */
final class ReplicaSessions {

	/** Shared sessions of bound entity managers, by their session. */
	private static final Map<Object, Shared> BOUND = new WeakHashMap<>();

	private ReplicaSessions() {
	}

	/**
	 * The replica session of the entity manager bound to the thread, opened on first use.
	 * @return the session, or {@code null} when no replica answers (search on the primary)
	 */
	static @Nullable Shared ofBound(EntityManager bound, SearchReplicas replicas, DetachedReads sessions) {
		SharedSessionContractImplementor owner = bound.unwrap(SharedSessionContractImplementor.class);
		synchronized (BOUND) {
			Shared shared = BOUND.get(owner);
			if (shared != null) {
				return shared;
			}
		}
		Shared opened = open(replicas, sessions, () -> {
			synchronized (BOUND) {
				BOUND.remove(owner);
			}
		});
		if (opened == null) {
			return null;
		}
		synchronized (BOUND) {
			BOUND.put(owner, opened);
		}
		owner.getEventListenerManager().addListener(new SessionEventListener() {

			@Override
			public void end() {
				opened.discard();
			}

		});
		return opened;
	}

	/**
	 * The replica session of a read-only transaction that bound no entity manager (a JDBC
	 * transaction manager's, say), opened on first use.
	 * @return the session, or {@code null} when no replica answers (search on the primary)
	 */
	static @Nullable Shared ofTransaction(SearchReplicas replicas, DetachedReads sessions) {
		Key key = new Key(replicas, sessions.sessionFactory());
		Shared shared = (Shared) TransactionSynchronizationManager.getResource(key);
		if (shared != null) {
			return shared;
		}
		Shared opened = open(replicas, sessions, () -> TransactionSynchronizationManager.unbindResourceIfPossible(key));
		if (opened == null) {
			return null;
		}
		// registered before it is bound: a thread without synchronization keeps nothing behind
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int status) {
				opened.discard();
			}

		});
		TransactionSynchronizationManager.bindResource(key, opened);
		return opened;
	}

	private static @Nullable Shared open(SearchReplicas replicas, DetachedReads sessions, Runnable unbind) {
		Optional<ReplicaConnection> connection = replicas.connection();
		if (connection.isEmpty()) {
			return null;
		}
		try {
			return new Shared(sessions.open(connection.get().connection()), connection.get(), unbind);
		}
		catch (RuntimeException ex) {
			connection.get().close();
			throw ex;
		}
	}

	/** One session per transaction, replica router and session factory. */
	private record Key(SearchReplicas replicas, Object sessionFactory) {
	}

	/**
	 * A shared replica session and its connection.
	 * @param session the session searches run in
	 * @param connection the replica's connection under it
	 * @param unbind forgets the session where it was kept
	 */
	record Shared(Session session, ReplicaConnection connection, Runnable unbind) {

		/** Forgets the session and closes it, returning its connection. */
		void discard() {
			this.unbind.run();
			try {
				if (this.session.isOpen()) {
					this.session.close();
				}
			}
			finally {
				this.connection.close();
			}
		}

	}

}
