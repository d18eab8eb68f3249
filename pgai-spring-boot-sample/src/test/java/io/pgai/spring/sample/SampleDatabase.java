package io.pgai.spring.sample;

import io.pgai.spring.test.TestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The sample's own database for tests, created empty once per JVM so that the application starts
 * as on a first run: Flyway loads the posts and creates the vectorizer.
 */
final class SampleDatabase {

	private static TestDatabase database;

	private SampleDatabase() {
	}

	static synchronized void register(DynamicPropertyRegistry registry) {
		if (database == null) {
			database = TestDatabase.fresh("pgai_sample_test");
		}
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

}
