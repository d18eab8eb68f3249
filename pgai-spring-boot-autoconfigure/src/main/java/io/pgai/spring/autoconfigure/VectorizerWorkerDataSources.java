package io.pgai.spring.autoconfigure;

import java.util.function.IntConsumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;


/**
 * Makes the vectorizer worker's own pool from the application's {@code DataSource}: every
 * setting of the application's Hikari pool (so a {@code connection-init-sql} such as
 * {@code set role} applies to the worker too), then the worker's own URL and credentials where
 * given, auto-commit and read-committed (the worker runs its own short transactions), and the
 * {@code application_name} {@value #POOL_NAME}, so that its sessions are easy to tell apart in
 * {@code pg_stat_activity}.
 */
final class VectorizerWorkerDataSources {

	/** The pool's name and its connections' {@code application_name}. */
	static final String POOL_NAME = "pgai-vectorizer";

	private static final Log logger = LogFactory.getLog(VectorizerWorkerDataSources.class);

	private VectorizerWorkerDataSources() {
	}

	static VectorizerWorkerPool pool(DataSource application, PgaiProperties.WorkerDataSource settings,
			int initialSize) {
		HikariDataSource pool = create(application, settings, initialSize);
		return VectorizerWorkerPool.owned(pool, sizer(pool, settings));
	}

	private static HikariDataSource create(DataSource application, PgaiProperties.WorkerDataSource settings,
			int initialSize) {
		HikariDataSource pool = HikariPools.like(application, POOL_NAME);
		if (settings.getUrl() != null) {
			pool.setJdbcUrl(settings.getUrl());
		}
		if (settings.getUsername() != null) {
			pool.setUsername(settings.getUsername());
		}
		if (settings.getPassword() != null) {
			pool.setPassword(settings.getPassword());
		}
		pool.setAutoCommit(true);
		pool.setReadOnly(false);
		pool.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
		pool.setMinimumIdle(0);
		pool.setMaximumPoolSize((settings.getMaximumPoolSize() != null) ? settings.getMaximumPoolSize() : initialSize);
		return pool;
	}

	/**
	 * What the worker calls as vectorizers come and go: grows its pool to the connections it can
	 * use at once, unless {@code maximum-pool-size} fixes the size.
	 */
	static IntConsumer sizer(HikariDataSource pool, PgaiProperties.WorkerDataSource settings) {
		return (connections) -> {
			Integer fixed = settings.getMaximumPoolSize();
			if (fixed != null) {
				if (fixed < connections) {
					logger.warn("pgai.vectorizer.worker.datasource.maximum-pool-size is " + fixed + ", but the "
							+ "vectorizers can use " + connections + " connections at once; batches will wait "
							+ "for connections");
				}
				return;
			}
			if (pool.getMaximumPoolSize() < connections) {
				pool.setMaximumPoolSize(connections);
			}
		};
	}

}
