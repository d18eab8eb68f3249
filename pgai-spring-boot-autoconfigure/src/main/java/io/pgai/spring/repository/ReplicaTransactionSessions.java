package io.pgai.spring.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import io.pgai.spring.replica.SearchReplicas;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The session on a replica that the searches of one read-only transaction share: opened by the
 * first, closed (and its connection returned) when the transaction completes, so that the
 * entities it returns load their lazy parents for as long as the transaction's own would.
 */
final class ReplicaTransactionSessions {

	private ReplicaTransactionSessions() {
	}

	/**
	 * The transaction's replica session, opened on first use.
	 * @return the session, or {@code null} when no replica answers (search on the primary)
	 */
	static @Nullable Session of(SearchReplicas replicas, DetachedReads sessions) {
		Key key = new Key(replicas, sessions.sessionFactory());
		Holder holder = (Holder) TransactionSynchronizationManager.getResource(key);
		if (holder != null) {
			return holder.session();
		}
		Optional<Connection> connection = replicas.connection();
		if (connection.isEmpty()) {
			return null;
		}
		Holder opened = new Holder(sessions.open(connection.get()), connection.get());
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
					// the pool discards a broken connection; nothing of the transaction is left to lose
				}
			}
		}

	}

}
