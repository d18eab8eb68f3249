package io.pgai.spring.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/getting-started is a complete application, and this test uses it the way a user would: a
 * Maven build of its own pom.xml, against the starter this build just made, then {@code java -jar}
 * on a new database that has not even the vector extension. It must start, create the table and
 * the vectorizer, embed the recipes, print sensible answers and exit.
 */
class GettingStartedIntegrationTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final String VERSION = "0.1.0-SNAPSHOT";

	@Test
	void theGettingStartedApplicationBuildsFromItsOwnPomAndAnswers() throws Exception {
		Path work = Path.of("target/getting-started").toAbsolutePath();
		deleteTree(work);
		copyTree(ROOT.resolve("docs/getting-started"), work.resolve("app"));
		Path repository = work.resolve("repository");
		installThisBuild(repository);

		Path buildLog = work.resolve("build.log");
		int built = run(buildLog, 600, List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "-f",
				work.resolve("app/pom.xml").toString(), "-Dmaven.repo.local=" + repository,
				"-Dmaven.repo.local.tail=" + outerRepository(), "package"));
		assertThat(built).as("the application's own build; its log:%n%s", Files.readString(buildLog)).isZero();

		TestDatabase database = TestDatabase.empty("pgai_getting_started");
		Path runLog = work.resolve("run.log");
		int exit = run(runLog, 300, List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator
				+ "java", "-jar", work.resolve("app/target/recipes-0.0.1-SNAPSHOT.jar").toString(),
				"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password()));
		String output = Files.readString(runLog);
		assertThat(exit).as("the application's exit; its output:%n%s", output).isZero();
		assertThat(output).contains("Created the vector extension (pgvector) in database pgai_getting_started")
			.contains("8 rows embedded (8 chunks)")
			.doesNotContain("Failed to detect GPU count")
			.doesNotContain(" WARN ");
		List<String> answers = output.lines().filter((line) -> line.matches("^\\d\\.\\d\\d  .*")).toList();
		assertThat(answers).as(output).hasSize(3);
		assertThat(answers.subList(0, 2)).map((line) -> line.substring(6))
			.containsExactlyInAnyOrder("Vegetable stir-fry", "Miso soup");
	}

	/** The parent, autoconfigure and starter of this build, laid out as a local Maven repository. */
	private static void installThisBuild(Path repository) throws IOException {
		install(repository, "pgai-spring-parent", ROOT.resolve("pom.xml"), null);
		install(repository, "pgai-spring-boot-autoconfigure", ROOT.resolve("pgai-spring-boot-autoconfigure/pom.xml"),
				ROOT.resolve("pgai-spring-boot-autoconfigure/target/pgai-spring-boot-autoconfigure-" + VERSION + ".jar"));
		install(repository, "pgai-spring-boot-starter", ROOT.resolve("pgai-spring-boot-starter/pom.xml"),
				ROOT.resolve("pgai-spring-boot-starter/target/pgai-spring-boot-starter-" + VERSION + ".jar"));
	}

	private static void install(Path repository, String artifact, Path pom, Path jar) throws IOException {
		Path directory = repository.resolve("io/pgai/" + artifact + "/" + VERSION);
		Files.createDirectories(directory);
		Files.copy(pom, directory.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
		if (jar != null) {
			assertThat(jar).as("built by this build before its integration tests").exists();
			Files.copy(jar, directory.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** The local repository of the build running this test, read-only for the application's build. */
	private static String outerRepository() {
		String configured = System.getProperty("pgai.outer.repository");
		return (configured != null && !configured.isBlank()) ? configured
				: Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
	}

	private static int run(Path log, int seconds, List<String> command) throws Exception {
		Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
			throw new AssertionError("Still running after " + seconds + " s: " + command + "; its output:\n"
					+ Files.readString(log));
		}
		return process.exitValue();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : paths.filter((p) -> !p.toString().contains(File.separator + "target")).toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static void deleteTree(Path path) throws IOException {
		if (Files.exists(path)) {
			try (Stream<Path> paths = Files.walk(path)) {
				for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(each);
				}
			}
		}
	}

}
