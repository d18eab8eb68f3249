package io.pgai.spring.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes sure the {@code vector} extension exists and says where the application can be reached.
 */
@Component
class DatabaseReadiness {

	private static final Log logger = LogFactory.getLog(DatabaseReadiness.class);

	private final JdbcTemplate jdbc;

	private final Environment environment;

	DatabaseReadiness(JdbcTemplate jdbc, Environment environment) {
		this.jdbc = jdbc;
		this.environment = environment;
	}

	String pgvectorVersion() {
		this.jdbc.execute("create extension if not exists vector");
		return this.jdbc.queryForObject("select extversion from pg_extension where extname = 'vector'", String.class);
	}

	@EventListener(ApplicationReadyEvent.class)
	void reportReady() {
		String port = this.environment.getProperty("local.server.port", "8080");
		logger.info("pgai sample ready: PostgreSQL with pgvector " + pgvectorVersion() + ", http://localhost:" + port
				+ "/");
	}

}
