package io.pgai.spring.test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A {@link JdbcTemplate} on the {@link TestDatabase}, for set-up and for checking what the code
 * under test left behind.
 */
public final class Jdbc {

	private Jdbc() {
	}

	/**
	 * A template on one auto-committing connection; close it with {@link #close(JdbcTemplate)}.
	 * @return the template
	 */
	public static JdbcTemplate template() {
		TestDatabase database = TestDatabase.get();
		return new JdbcTemplate(new SingleConnectionDataSource(database.url(), database.username(),
				database.password(), true));
	}

	/**
	 * Closes the template's connection.
	 * @param jdbc a template from {@link #template()}
	 */
	public static void close(JdbcTemplate jdbc) {
		((SingleConnectionDataSource) jdbc.getDataSource()).destroy();
	}

}
