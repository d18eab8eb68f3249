package io.pgai.spring.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import io.pgai.spring.test.Waiter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample from a first start on an empty database: Flyway loads the PostgreSQL manual and
 * creates the vectorizer, the in-process model embeds it, and the JSON API searches it by meaning
 * and by words.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PgaiSampleApplicationIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> HITS = new ParameterizedTypeReference<>() {
	};

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	RestClient http;

	@BeforeEach
	void awaitBackfill() {
		this.http = RestClient.create("http://localhost:" + this.port);
		Waiter.until("the backfill of the manual", Duration.ofMinutes(5), () -> pending() == 0);
	}

	@Test
	void everyPageOfTheResourceIsLoadedAndEmbedded() throws IOException {
		Map<?, ?> status = status();
		assertThat(((Number) status.get("pages")).longValue()).isEqualTo(pagesInTheResource()).isGreaterThan(1000);
		assertThat(status.get("embedded")).isEqualTo(status.get("pages"));
		assertThat(((Number) status.get("chunks")).longValue())
			.isEqualTo(this.jdbc.queryForObject("select count(*) from manual.manual_pages_embedding_store", Long.class));
		// Every page has chunks; each is stored as it was embedded, as pgai stores it: the page's
		// title, then at most the splitter's 800 characters.
		assertThat(this.jdbc.queryForObject("""
				select count(*) from manual.manual_pages p
				where not exists (select 1 from manual.manual_pages_embedding_store s where s.id = p.id)""", Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject("""
				select count(*) from manual.manual_pages_embedding_store s join manual.manual_pages p using (id)
				where left(s.chunk, length(p.title) + 2) <> p.title || ': '
				   or length(s.chunk) > length(p.title) + 2 + 800""", Long.class))
			.isZero();
	}

	@Test
	void aQuestionFindsThePageThatAnswersIt() {
		assertThat(titles(search("how do I make a column unique across two columns", "meaning", null)))
			.contains("5.4. Constraints");
		assertThat(titles(search("how can I see which queries are running right now", "meaning", null)))
			.contains("28.2. The Cumulative Statistics System");
	}

	@Test
	void wordsFindExactTermsWithTheirPassage() {
		List<Map<String, Object>> hits = search("pg_stat_activity", "words", null);
		assertThat(hits).isNotEmpty();
		assertThat(titles(hits)).contains("28.2. The Cumulative Statistics System");
		assertThat((String) hits.get(0).get("chunk")).contains("\u0002");
		assertThat(titles(search("unique_violation", "words", null))).contains("Appendix A. PostgreSQL Error Codes");
	}

	@Test
	void aChapterFilterKeepsOnlyThatChapter() {
		for (String mode : List.of("meaning", "words")) {
			List<Map<String, Object>> hits = search("index", mode, "Chapter 11. Indexes");
			assertThat(hits).as(mode).hasSize(10).allSatisfy((hit) -> assertThat(hit).containsEntry("chapter",
					"Chapter 11. Indexes"));
			assertThat(hits).extracting((hit) -> hit.get("id")).as(mode).doesNotHaveDuplicates();
		}
	}

	@Test
	void pagesLikeAPageLeaveItOut() {
		long createTable = this.jdbc.queryForObject(
				"select id from manual.manual_pages where file = 'sql-createtable.html'", Long.class);
		List<Map<String, Object>> similar = this.http.get()
			.uri("/api/pages/{id}/similar?k=5", createTable)
			.retrieve()
			.body(HITS);
		assertThat(similar).hasSize(5)
			.noneMatch((hit) -> ((Number) hit.get("id")).longValue() == createTable);
		assertThat(titles(similar)).anyMatch((title) -> title.contains("TABLE"));
	}

	@Test
	void aPageShowsItsChunksAsTheStoreHoldsThem() {
		long id = this.jdbc.queryForObject("select id from manual.manual_pages where file = 'ddl-constraints.html'",
				Long.class);
		Map<String, Object> page = this.http.get()
			.uri("/api/pages/{id}", id)
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
		assertThat(page).containsEntry("title", "5.4. Constraints")
			.containsEntry("chapter", "Chapter 5. Data Definition")
			.containsEntry("url", "https://www.postgresql.org/docs/15/ddl-constraints.html");
		assertThat(page.get("chunks")).isEqualTo(this.jdbc.queryForList(
				"select chunk from manual.manual_pages_embedding_store where id = ? order by chunk_seq", String.class,
				id));
	}

	@Test
	void anUnknownModeIsABadRequestThatSaysTheModes() {
		assertThatExceptionOfType(HttpClientErrorException.class)
			.isThrownBy(() -> search("vacuum", "fuzzy", null))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
	}

	private List<Map<String, Object>> search(String query, String mode, String chapter) {
		return this.http.get()
			.uri((uri) -> uri.path("/api/search")
				.queryParam("q", query)
				.queryParam("mode", mode)
				.queryParamIfPresent("chapter", Optional.ofNullable(chapter))
				.build())
			.retrieve()
			.body(HITS);
	}

	private static List<String> titles(List<Map<String, Object>> hits) {
		return hits.stream().map((hit) -> (String) hit.get("title")).toList();
	}

	private Map<?, ?> status() {
		return this.http.get().uri("/api/status").retrieve().body(Map.class);
	}

	private long pending() {
		return ((Number) status().get("pending")).longValue();
	}

	private static long pagesInTheResource() throws IOException {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(
				new GZIPInputStream(PgaiSampleApplicationIntegrationTests.class.getResourceAsStream("/data/manual.tsv.gz")),
				StandardCharsets.UTF_8))) {
			return lines.lines().count();
		}
	}

}
