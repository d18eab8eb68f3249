package io.pgai.spring.autoconfigure;

import java.util.Map;

import io.pgai.spring.relationship.ListedEntitiesMappingScanner;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * While the application is built with Spring AOT, lets the {@code EntityManagerFactory} that
 * Spring Data JPA boots from {@code spring.jpa.properties.*} alone (to write repositories ahead of
 * time) map the {@code @VectorizerRelationship} fields too; without it, that factory fails on
 * them. A scanner the application configured is left as it is.
 */
class AotRepositoryMetamodelEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SCANNER_PROPERTY = "spring.jpa.properties.hibernate.archive.scanner";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING) && !environment.containsProperty(SCANNER_PROPERTY)
				&& ClassUtils.isPresent("org.hibernate.boot.archive.scan.spi.Scanner", application.getClassLoader())) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("pgaiAotRepositoryMetamodel",
						// An instance: that factory's class loader cannot load the application's classes by name.
						Map.of(SCANNER_PROPERTY, new ListedEntitiesMappingScanner())));
		}
	}

}
