package io.pgai.spring.repository;

import java.sql.Connection;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.FetchType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Decides when a search may run in a {@link StatelessSession}: when no entity manager is bound to
 * the thread (no transaction, no open-in-view) and none would be, Spring's shared entity manager
 * would open a session for the one query and close it, so its results come back detached. A
 * stateless session returns the same detached entities without the persistence context, event
 * listeners and flush checks that a full session sets up and tears down on every call.
 */
final class DetachedReads {

	private final EntityManagerFactory entityManagerFactory;

	private final SessionFactory sessionFactory;

	private final boolean lazyParents;

	DetachedReads(EntityManagerFactory entityManagerFactory, FetchType parentFetch) {
		this.entityManagerFactory = entityManagerFactory;
		this.sessionFactory = entityManagerFactory.unwrap(SessionFactory.class);
		// An eagerly fetched parent is the application's entity: it gets its full lifecycle
		// (callbacks, listeners) from a full session.
		this.lazyParents = parentFetch == FetchType.LAZY;
	}

	boolean applies() {
		return this.lazyParents && unbound();
	}

	/** No transaction and no entity manager bound to the thread: a search's results come back detached. */
	boolean unbound() {
		return !TransactionSynchronizationManager.isSynchronizationActive()
				&& !TransactionSynchronizationManager.hasResource(this.entityManagerFactory);
	}

	/** The entity manager bound to the thread (open-in-view, or a transaction's), if any. */
	@Nullable EntityManager boundEntityManager() {
		Object holder = TransactionSynchronizationManager.getResource(this.entityManagerFactory);
		return (holder instanceof EntityManagerHolder bound) ? bound.getEntityManager() : null;
	}

	boolean lazyParents() {
		return this.lazyParents;
	}

	StatelessSession open() {
		return this.sessionFactory.openStatelessSession();
	}

	/** A stateless session on a connection of the caller's, such as a replica's. */
	StatelessSession openStateless(Connection connection) {
		return this.sessionFactory.withStatelessOptions().connection(connection).openStatelessSession();
	}

	/** A full session on a connection of the caller's, for eagerly fetched parents or a transaction. */
	Session open(Connection connection) {
		return this.sessionFactory.withOptions().connection(connection).openSession();
	}

	SessionFactory sessionFactory() {
		return this.sessionFactory;
	}

}
