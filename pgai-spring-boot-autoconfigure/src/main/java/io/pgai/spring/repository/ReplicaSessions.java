package io.pgai.spring.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import io.pgai.spring.replica.SearchReplicas;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.SessionEventListener;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The session on a replica that searches share while the caller's persistence context lives: a
 * read-only transaction's (closed when it completes), or an entity manager that open-in-view
 * bound to a request (closed with it). Opened by the first search, so that the entities it returns
 * load their lazy parents for as long as the caller's own would.
 */
final class ReplicaSessions {

	/** Replica sessions of the entity managers open-in-view bound, by their session. */
	private static final Map<Object, Holder> BOUND = new WeakHashMap<>();

	private ReplicaSessions() {
	}

	/**
	 * The read-only transaction's replica session, opened on first use.
	 * @return the session, or {@code null} when no replica answers (search on the primary)
	 */
	static @Nullable Session ofTransaction(SearchReplicas replicas, DetachedReads sessions) {
		Key key = new Key(replicas, sessions.sessionFactory());
		Holder holder = (Holder) TransactionSynchronizationManager.getResource(key);
		if (holder != null) {
			return holder.session();
		}
		Holder opened = open(replicas, sessions);
		if (opened == null) {
			return null;
		}
		TransactionSynchronizationManager.bindResource(key, opened);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
				opened.close();
			}

		});
		return opened.session();
	}

	/**
	 * The replica session of an entity manager bound outside a transaction (open-in-view), opened
	 * on first use and closed when that entity manager's session ends.
	 * @return the session, or {@code null} when no replica answers (search on the primary)
	 */
	static @Nullable Session ofBound(EntityManager bound, SearchReplicas replicas, DetachedReads sessions) {
		SharedSessionContractImplementor owner = bound.unwrap(SharedSessionContractImplementor.class);
		synchronized (BOUND) {
			Holder holder = BOUND.get(owner);
			if (holder != null) {
				return holder.session();
			}
		}
		Holder opened = open(replicas, sessions);
		if (opened == null) {
			return null;
		}
		synchronized (BOUND) {
			BOUND.put(owner, opened);
		}
		owner.getEventListenerManager().addListener(new SessionEventListener() {

			@Override
			public void end() {
				synchronized (BOUND) {
					BOUND.remove(owner);
				}
				opened.close();
			}

		});
		return opened.session();
	}

	private static @Nullable Holder open(SearchReplicas replicas, DetachedReads sessions) {
		Optional<Connection> connection = replicas.connection();
		return connection.map((c) -> new Holder(sessions.open(c), c)).orElse(null);
	}

	/** One session per transaction, replica router and session factory. */
	private record Key(SearchReplicas replicas, Object sessionFactory) {
	}

	private record Holder(Session session, Connection connection) {

		void close() {
			try {
				this.session.close();
			}
			finally {
				try {
					this.connection.close();
				}
				catch (SQLException ex) {
					// the pool discards a broken connection; nothing of the caller's is left to lose
				}
			}
		}

	}

}
