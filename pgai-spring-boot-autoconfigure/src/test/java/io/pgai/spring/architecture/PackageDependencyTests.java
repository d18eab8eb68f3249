package io.pgai.spring.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages form a house with no arrow back up: the API at the ground, SQL quoting beside it,
 * one room per feature (relationship, repository, replica, query, vectorizer) and the auto-configuration on
 * top, which nothing below uses; beside it the Liquibase change types, which Liquibase alone loads.
 */
class PackageDependencyTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.pgai.spring");
	}

	@Test
	void noPackageTakesPartInACycle() {
		// Each package its own slice: io.pgai.spring, io.pgai.spring.vectorizer.worker, ...
		slices().matching("io.pgai.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theApiDependsOnNoOtherPackageOfTheStarter() {
		noClasses().that()
			.resideInAPackage("io.pgai.spring")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.pgai.spring.*..")
			.check(classes);
	}

	@Test
	void eachFeatureIsUsedOnlyByTheLayersAboveIt() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("API").definedBy("io.pgai.spring")
			.layer("SQL").definedBy("io.pgai.spring.sql..")
			.layer("Relationship").definedBy("io.pgai.spring.relationship..")
			.layer("Repository").definedBy("io.pgai.spring.repository..")
			.layer("Query").definedBy("io.pgai.spring.query..")
			.layer("Vectorizer").definedBy("io.pgai.spring.vectorizer..")
			.layer("AutoConfiguration").definedBy("io.pgai.spring.autoconfigure..")
			.layer("Liquibase").definedBy("io.pgai.spring.liquibase..")
			.layer("Replica").definedBy("io.pgai.spring.replica..")
			.whereLayer("AutoConfiguration").mayNotBeAccessedByAnyLayer()
			.whereLayer("Liquibase").mayNotBeAccessedByAnyLayer()
			.whereLayer("Repository").mayOnlyBeAccessedByLayers("AutoConfiguration")
			.whereLayer("Query").mayOnlyBeAccessedByLayers("AutoConfiguration")
			.whereLayer("Replica").mayOnlyBeAccessedByLayers("Repository", "AutoConfiguration")
			.whereLayer("Relationship").mayOnlyBeAccessedByLayers("Repository", "AutoConfiguration")
			// The relationship's startup check prints the create_vectorizer call that would fix a store.
			.whereLayer("Vectorizer").mayOnlyBeAccessedByLayers("Relationship", "Query", "AutoConfiguration", "Liquibase")
			.whereLayer("SQL").mayOnlyBeAccessedByLayers("Relationship", "Repository", "Vectorizer", "Liquibase")
			.ensureAllClassesAreContainedInArchitecture()
			.check(classes);
	}

	@Test
	void onlyTheLiquibasePartUsesLiquibaseWhichApplicationsWithoutItNeverLoad() {
		noClasses().that()
			.resideOutsideOfPackage("io.pgai.spring.liquibase..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("liquibase..")
			.check(classes);
	}

}
