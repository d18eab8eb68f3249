package io.pgai.spring.liquibase;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change types' native-image hints: registered through aot.factories, present when Liquibase
 * is, absent when it is not.
 */
class LiquibaseChangeTypesRuntimeHintsTests {

	@Test
	void withLiquibaseTheChangeTypesTheirServiceFilesAndTheSchemaAreReachable() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(org.springframework.aot.hint.RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		for (Class<?> type : new Class<?>[] { CreateVectorizerChange.class, DropVectorizerChange.class,
				VectorizerConfigElement.class, VectorizerManagedObjectsSnapshotGenerator.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)
				.withMemberCategories(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS))
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/services/liquibase.change.Change"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("pgai.io/xml/ns/spring-liquibase/pgai-spring-liquibase-1.0.xsd")).accepts(hints);
	}

	@Test
	void withoutLiquibaseNothingIsRegistered() {
		RuntimeHints hints = new RuntimeHints();
		new LiquibaseChangeTypesRuntimeHints().registerHints(hints, new FilteredClassLoader("liquibase."));
		assertThat(hints.reflection().typeHints()).isEmpty();
		assertThat(hints.resources().resourcePatternHints()).isEmpty();
	}

}
