package io.pgai.spring.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documentation true: every Java snippet is marked {@code <!-- snippet: file#tag -->} and
 * is the tagged region of a compiled (and run) test source, as is every snippet so marked in
 * another language (Liquibase changelogs the tests run), and docs/configuration.md is the table the
 * configuration metadata generates.
 */
class DocumentationTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern SNIPPET = Pattern
		.compile("<!-- snippet: (\\S+)#(\\S+) -->\\s*```(\\w*)\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern FILE = Pattern.compile("<!-- file: (\\S+) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyJavaSnippetIsATaggedRegionOfCompiledSource() throws IOException {
		List<String> checked = new ArrayList<>();
		try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
			for (Path doc : files.filter((p) -> p.toString().endsWith(".md")).toList()) {
				String text = Files.readString(doc);
				Matcher matcher = SNIPPET.matcher(text);
				while (matcher.find()) {
					String region = region(ROOT.resolve(matcher.group(1)), matcher.group(2));
					assertThat(matcher.group(4)).as("snippet %s#%s in %s", matcher.group(1), matcher.group(2), doc)
						.isEqualTo(region);
					if (matcher.group(3).equals("java")) {
						checked.add(doc.getFileName() + ":" + matcher.group(2));
					}
				}
				Matcher file = FILE.matcher(text);
				while (file.find()) {
					// A whole file of docs/getting-started, which GettingStartedIntegrationTests builds and runs.
					assertThat(file.group(2)).as("file %s in %s", file.group(1), doc)
						.isEqualTo(Files.readString(ROOT.resolve(file.group(1))));
					if (file.group(0).contains("```java")) {
						checked.add(doc.getFileName() + ":" + file.group(1));
					}
				}
				assertThat(text.split("```java", -1).length - 1).as("unchecked Java snippets in %s", doc)
					.isEqualTo(checked.stream().filter((c) -> c.startsWith(doc.getFileName() + ":")).count());
			}
		}
		assertThat(checked).isNotEmpty();
	}

	@Test
	void theConfigurationReferenceIsGeneratedFromTheMetadata() throws IOException {
		String expected = configurationReference();
		Path doc = ROOT.resolve("docs/configuration.md");
		if (Boolean.getBoolean("pgai.docs.update")) {
			Files.writeString(doc, expected, StandardCharsets.UTF_8);
		}
		assertThat(Files.readString(doc))
			.as("docs/configuration.md is stale; regenerate it with ./mvnw -pl pgai-spring-boot-autoconfigure test "
					+ "-Dtest=DocumentationTests -Dpgai.docs.update=true")
			.isEqualTo(expected);
	}

	@SuppressWarnings("unchecked")
	private static String configurationReference() throws IOException {
		Path metadata = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
		Map<String, Object> json = JsonMapper.builder().build().readValue(metadata.toFile(), Map.class);
		StringBuilder doc = new StringBuilder("# Configuration reference\n\n")
			.append("Every `pgai.*` property, generated from the configuration metadata ")
			.append("(`DocumentationTests` fails when this page and the code disagree).\n\n")
			.append("| Property | Default | Description |\n|---|---|---|\n");
		List<Map<String, Object>> properties = new ArrayList<>((List<Map<String, Object>>) json.get("properties"));
		properties.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
		for (Map<String, Object> property : properties) {
			Object defaultValue = property.get("defaultValue");
			doc.append("| `")
				.append(property.get("name"))
				.append("` | ")
				.append((defaultValue != null) ? "`" + defaultValue + "`" : "")
				.append(" | ")
				.append(String.valueOf(property.getOrDefault("description", "")).replace("\n", " "))
				.append(" |\n");
		}
		return doc.toString();
	}

	private static String region(Path file, String tag) throws IOException {
		List<String> lines = Files.readAllLines(file);
		int start = -1;
		List<String> region = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.contains("tag::" + tag + "[]")) {
				start = i;
			}
			else if (line.contains("end::" + tag + "[]")) {
				break;
			}
			else if (start >= 0) {
				region.add(line);
			}
		}
		assertThat(start).as("tag %s in %s", tag, file).isNotNegative();
		int indent = region.stream().filter((l) -> !l.isBlank()).mapToInt(DocumentationTests::indent).min().orElse(0);
		StringBuilder text = new StringBuilder();
		region.forEach((line) -> text.append(line.isBlank() ? "" : line.substring(indent).replace("\t", "    "))
			.append('\n'));
		return text.toString();
	}

	private static int indent(String line) {
		int i = 0;
		while (i < line.length() && line.charAt(i) == '\t') {
			i++;
		}
		return i;
	}

}
