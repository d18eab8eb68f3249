package io.pgai.spring.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.test.Waiter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sample's jar as {@code spring-boot:process-aot} built it, run the way Boot users prepare a
 * native image or a faster JVM start: {@code java -Dspring.aot.enabled=true -jar}, on an empty
 * database. The bean definitions are then generated code, the store class is the class file the
 * build wrote, and the Spring Data repository is the AOT one; search, both directions of the
 * relationship and a JPQL query on the store entity must still answer as the database does.
 */
class AotSampleIntegrationTests {

	private static final Path JAR = Path.of("target/pgai-spring-boot-sample-0.1.0-SNAPSHOT.jar").toAbsolutePath();

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final ParameterizedTypeReference<List<Map<String, Object>>> HITS = new ParameterizedTypeReference<>() {
	};

	private static Process application;

	private static Path log;

	private static RestClient http;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void startTheAotProcessedJar() throws IOException {
		assertThat(JAR).as("the sample's jar, built by 'package' (with process-aot) before the integration tests")
			.exists();
		TestDatabase database = TestDatabase.fresh("pgai_sample_aot");
		jdbc = new JdbcTemplate(new DriverManagerDataSource(database.url(), database.username(), database.password()));
		Path work = Files.createDirectories(Path.of("target/aot-sample").toAbsolutePath());
		log = work.resolve("application.log");
		application = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
				"-Dspring.aot.enabled=true", "-jar", JAR.toString(), "--server.port=0",
				"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--logging.level.io.pgai.spring.relationship.EmbeddingStoreClassGenerator=debug")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Waiter.until("the AOT-processed sample to listen (its log: " + log + ")", Duration.ofMinutes(2),
				() -> port() != null || !application.isAlive());
		assertThat(application.isAlive()).as("the AOT-processed sample is running; its log:%n%s", output()).isTrue();
		http = RestClient.create("http://localhost:" + port());
		Waiter.until("the backfill of the manual", Duration.ofMinutes(5),
				() -> ((Number) status().get("pending")).longValue() == 0);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (application != null) {
			application.destroy();
			application.waitFor();
		}
	}

	@Test
	void theApplicationRanFromAotCodeWithTheStoreClassTheBuildWrote() {
		assertThat(output()).contains("Starting AOT-processed PgaiSampleApplication")
			.doesNotContain("Defining store class")
			.doesNotContain(" ERROR ")
			.doesNotContain(" WARN ");
	}

	@Test
	void searchFindsPagesByMeaning() {
		Map<String, Object> status = status();
		assertThat(status.get("embedded")).isEqualTo(status.get("pages"));
		assertThat(status.get("chunks")).isEqualTo(jdbc.queryForObject(
				"select count(*) from manual.manual_pages_embedding_store", Integer.class));
		List<Map<String, Object>> hits = http.get()
			.uri("/api/search?q={q}", "how do I make a column unique across two columns")
			.retrieve()
			.body(HITS);
		assertThat(hits).hasSize(10);
		assertThat(hits).extracting((hit) -> hit.get("title")).contains("5.4. Constraints");
	}

	@Test
	void pagesLikeAPageReadTheChunksThroughTheRelationshipAndRankAsTheDatabaseDoes() {
		long page = 42;
		List<Map<String, Object>> hits = http.get().uri("/api/pages/{id}/similar?k=5", page).retrieve().body(HITS);
		// From scratch: the mean of the page's vectors, each other page's best chunk by cosine distance,
		// scored as Spring Data scores cosine: (1 + cosine similarity) / 2, that is 1 - distance / 2.
		Map<Long, Double> expected = new HashMap<>();
		jdbc.query("""
				with q as (select avg(embedding) as v from manual.manual_pages_embedding_store where id = ?)
				select s.id, 1 - min(s.embedding <=> q.v) / 2 from manual.manual_pages_embedding_store s, q
				where s.id <> ? group by s.id""", (rs) -> {
			expected.put(rs.getLong(1), rs.getDouble(2));
		}, page, page);
		List<Double> best = expected.values().stream().sorted((a, b) -> Double.compare(b, a)).limit(5).toList();
		assertThat(hits).hasSize(5);
		for (int i = 0; i < hits.size(); i++) {
			long id = ((Number) hits.get(i).get("id")).longValue();
			double score = ((Number) hits.get(i).get("score")).doubleValue();
			assertThat(score).as("score of page %d", id).isCloseTo(expected.get(id), within(1e-5));
			assertThat(score).as("rank %d", i).isCloseTo(best.get(i), within(1e-5));
		}
	}

	@Test
	void aJpqlQueryOnTheStoreEntityReturnsThePagesChunksInOrder() {
		long page = 42;
		List<?> chunks = http.get().uri("/api/pages/{id}/chunks", page).retrieve().body(List.class);
		List<String> stored = jdbc.queryForList(
				"select chunk from manual.manual_pages_embedding_store where id = ? order by chunk_seq", String.class, page);
		assertThat(stored).hasSizeGreaterThan(1);
		assertThat(chunks).isEqualTo(stored);
	}

	private static Map<String, Object> status() {
		return http.get().uri("/api/status").retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	private static String port() {
		Matcher matcher = PORT.matcher(output());
		return matcher.find() ? matcher.group(1) : null;
	}

	private static String output() {
		try {
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
