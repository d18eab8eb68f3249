package io.pgai.spring.liquibase;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What a native image of an application with Liquibase needs of the change types: Liquibase
 * finds them through its service files, creates them by their constructors, reads and sets their
 * attributes through their getters and setters, and resolves the XML schema from the class path.
 * Types are named, not referenced, so that applications without Liquibase load nothing of it.
 */
class LiquibaseChangeTypesRuntimeHints implements RuntimeHintsRegistrar {

	private static final List<String> TYPES = List.of("io.pgai.spring.liquibase.CreateVectorizerChange",
			"io.pgai.spring.liquibase.DropVectorizerChange", "io.pgai.spring.liquibase.VectorizerConfigElement",
			"io.pgai.spring.liquibase.VectorizerManagedObjectsSnapshotGenerator");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent("liquibase.change.Change", classLoader)) {
			return;
		}
		for (String type : TYPES) {
			hints.reflection()
				.registerType(TypeReference.of(type), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
						MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		hints.resources()
			.registerPattern("META-INF/services/liquibase.change.Change")
			.registerPattern("META-INF/services/liquibase.snapshot.SnapshotGenerator")
			.registerPattern("pgai.io/xml/ns/spring-liquibase/*.xsd");
	}

}
