package io.pgai.spring.autoconfigure;

import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Pools of the starter's own (the worker's, the search replicas') made like the application's:
 * every setting of its Hikari pool is copied, so that a {@code connection-init-sql} such as
 * {@code set role} or {@code set search_path} applies to them too.
 */
final class HikariPools {

	private HikariPools() {
	}

	/**
	 * A new pool with the application's settings, its name and {@code application_name} set.
	 * @param application the application's data source
	 * @param name the pool's name, also its connections' {@code application_name}
	 * @return the pool, not yet started
	 */
	static HikariDataSource like(DataSource application, String name) {
		HikariDataSource pool = new HikariDataSource();
		HikariDataSource applicationPool = DataSourceUnwrapper.unwrap(application, HikariDataSource.class);
		if (applicationPool != null) {
			applicationPool.copyStateTo(pool);
			Properties properties = new Properties();
			properties.putAll(applicationPool.getDataSourceProperties());
			pool.setDataSourceProperties(properties);
		}
		else {
			DataSourceBuilder.derivedFrom(application).type(HikariDataSource.class).build().copyStateTo(pool);
		}
		pool.setPoolName(name);
		pool.addDataSourceProperty("ApplicationName", name);
		return pool;
	}

}
