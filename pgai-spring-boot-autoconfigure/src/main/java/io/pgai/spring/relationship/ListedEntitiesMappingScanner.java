package io.pgai.spring.relationship;

import java.util.ArrayList;
import java.util.List;

import org.hibernate.boot.archive.scan.internal.DisabledScanner;
import org.hibernate.boot.archive.scan.spi.ScanEnvironment;
import org.hibernate.boot.archive.scan.spi.ScanOptions;
import org.hibernate.boot.archive.scan.spi.ScanParameters;
import org.hibernate.boot.archive.scan.spi.ScanResult;
import org.hibernate.boot.archive.scan.spi.Scanner;

import org.springframework.util.ClassUtils;

/**
 * Maps the stores of the persistence unit's listed entities with the default settings, for an
 * {@code EntityManagerFactory} that is configured by Hibernate properties alone: the one Spring
 * Data JPA boots when the application is built, to write its repositories ahead of time. Named by
 * class in {@code hibernate.archive.scanner}, so it has no constructor arguments; the application's
 * own {@code EntityManagerFactory} gets {@link EmbeddingStoreMappingScanner} with its settings.
 */
public class ListedEntitiesMappingScanner implements Scanner {

	@Override
	public ScanResult scan(ScanEnvironment environment, ScanOptions options, ScanParameters parameters) {
		ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
		List<Class<?>> entities = new ArrayList<>();
		for (String className : environment.getExplicitlyListedClassNames()) {
			entities.add(ClassUtils.resolveClassName(className, classLoader));
		}
		VectorizerRelationships relationships = new VectorizerRelationships(
				new VectorizerRelationshipScanner(EmbeddingStoreSettings.defaults()).scan(entities));
		// Hibernate's own default, which still finds the mapping files the unit lists.
		Scanner listedMappingFiles = new DisabledScanner();
		Scanner scanner = relationships.isEmpty() ? listedMappingFiles
				: new EmbeddingStoreMappingScanner(relationships.mappingXml(), listedMappingFiles);
		return scanner.scan(environment, options, parameters);
	}

}
