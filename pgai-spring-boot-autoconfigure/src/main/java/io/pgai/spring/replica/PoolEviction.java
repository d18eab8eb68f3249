package io.pgai.spring.replica;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import org.springframework.util.ClassUtils;

/**
 * Takes connections that reach another database than the application's out of a replica's pool:
 * the one found so, and, once the address reaches a copy again, those opened meanwhile. Only
 * Hikari's pools are known; other data sources keep theirs, which each search's check of its
 * connection still keeps from being read.
 */
final class PoolEviction {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			PoolEviction.class.getClassLoader());

	private PoolEviction() {
	}

	/** Takes a borrowed connection out of its pool for good (closing it). */
	static void evict(DataSource dataSource, Connection connection) {
		if (HIKARI_PRESENT) {
			Hikari.evict(dataSource, connection);
		}
	}

	/** Replaces every connection of the pool: idle ones now, those in use when they come back. */
	static void evictAll(DataSource dataSource) {
		if (HIKARI_PRESENT) {
			Hikari.evictAll(dataSource);
		}
	}

	/** Kept apart so that Hikari's classes load only when Hikari is there. */
	private static final class Hikari {

		static void evict(DataSource dataSource, Connection connection) {
			try {
				if (dataSource.isWrapperFor(HikariDataSource.class)) {
					dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
				}
			}
			catch (SQLException ex) {
				// not a pool that can say: the caller closes the connection
			}
		}

		static void evictAll(DataSource dataSource) {
			try {
				if (dataSource.isWrapperFor(HikariDataSource.class)) {
					HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
					if (pool != null) {
						pool.softEvictConnections();
					}
				}
			}
			catch (SQLException ex) {
				// not a pool that can say: its connections are checked one by one
			}
		}

	}

}
