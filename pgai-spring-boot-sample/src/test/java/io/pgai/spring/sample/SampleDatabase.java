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

	/** The database, made on first use. */
	static synchronized TestDatabase get() {
		if (database == null) {
			database = TestDatabase.fresh("pgai_sample_test");
		}
		return database;
	}

	static void register(DynamicPropertyRegistry registry) {
		TestDatabase sample = get();
		registry.add("spring.datasource.url", sample::url);
		registry.add("spring.datasource.username", sample::username);
		registry.add("spring.datasource.password", sample::password);
	}

}
