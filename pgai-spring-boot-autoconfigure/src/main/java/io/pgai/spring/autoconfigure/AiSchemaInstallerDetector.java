package io.pgai.spring.autoconfigure;

import java.util.Set;

import io.pgai.spring.vectorizer.AiSchemaInstaller;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Makes the {@link AiSchemaInstaller} a database initializer that runs first, so that Flyway
 * migrations can call {@code ai.create_vectorizer} and JPA finds the catalog.
 */
class AiSchemaInstallerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector
		implements DatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(AiSchemaInstaller.class);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
