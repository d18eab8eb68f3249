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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

	private static final ParameterizedTypeReference<Map<String, Object>> PAGE = new ParameterizedTypeReference<>() {
	};

	/** A note unlike any page of the manual in its title and words, like several in its subject. */
	static final String STANDBY_RUNBOOK = """
			When the standby falls behind, first look at its replay lag on the dashboard. If replay is paused \
			after a maintenance window, run pg_wal_replay_resume on it. If it keeps lagging, move the reporting \
			queries to the primary for the night and page the database team.""";

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
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(problem(ex)).containsEntry("detail", "mode is 'hybrid', 'meaning' or 'words', not 'fuzzy'");
			});
	}

	@Test
	void aNoteIsFoundInEveryModeOnceEmbeddedAndForgottenOnceDeleted() {
		ResponseEntity<Map<String, Object>> saved = this.http.post()
			.uri("/api/notes")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", "  Our runbook: a standby that falls behind  ", "content", STANDBY_RUNBOOK))
			.retrieve()
			.toEntity(PAGE);
		assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		long id = ((Number) saved.getBody().get("id")).longValue();
		assertThat(saved.getHeaders().getLocation()).hasPath("/api/pages/" + id);
		assertThat(saved.getBody()).containsEntry("title", "Our runbook: a standby that falls behind")
			.containsEntry("chapter", "Notes")
			.containsEntry("part", "Your notes")
			.containsEntry("note", true)
			.containsEntry("url", null);
		try {
			Waiter.until("the note's chunks", Duration.ofSeconds(30), () -> !chunks(id).isEmpty());
			// The store holds what the worker made of the note, as the page shows it.
			assertThat(chunks(id)).isEqualTo(this.jdbc.queryForList(
					"select chunk from manual.manual_pages_embedding_store where id = ? order by chunk_seq",
					String.class, id))
				.first()
				.asString()
				.startsWith("Our runbook: a standby that falls behind: ");
			// Asked in other words than its own, by meaning; by its exact words; and by both.
			String question = "what do we do when a replica lags behind the primary";
			for (String mode : List.of("meaning", "hybrid")) {
				assertThat(search(question, mode, null)).as(mode)
					.filteredOn((hit) -> ((Number) hit.get("id")).longValue() == id)
					.singleElement()
					.satisfies((hit) -> assertThat(hit).containsEntry("note", true).containsEntry("url", null));
			}
			List<Map<String, Object>> byWords = search("pg_wal_replay_resume runbook", "words", null);
			assertThat(((Number) byWords.get(0).get("id")).longValue()).isEqualTo(id);
			assertThat(search(question, "meaning", "Notes")).allSatisfy((hit) -> assertThat(hit).containsEntry("note", true))
				.extracting((hit) -> ((Number) hit.get("id")).longValue())
				.contains(id);
		}
		finally {
			assertThat(this.http.delete().uri("/api/notes/{id}", id).retrieve().toBodilessEntity().getStatusCode())
				.isEqualTo(HttpStatus.NO_CONTENT);
		}
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
			.isThrownBy(() -> this.http.get().uri("/api/pages/{id}", id).retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(problem(ex)).containsEntry("detail", "No page with id " + id));
		Waiter.until("the worker to delete the note's chunks", Duration.ofSeconds(30), () -> this.jdbc
			.queryForObject("select count(*) from manual.manual_pages_embedding_store where id = ?", Long.class, id) == 0);
	}

	@Test
	void anInvalidNoteIsABadRequestNamingEachFieldAndSavesNothing() {
		long pages = this.jdbc.queryForObject("select count(*) from manual.manual_pages", Long.class);
		Map<String, Object> note = new java.util.HashMap<>();
		note.put("title", "   ");
		note.put("content", "x".repeat(20_001));
		assertThatExceptionOfType(HttpClientErrorException.BadRequest.class)
			.isThrownBy(() -> this.http.post()
				.uri("/api/notes")
				.contentType(MediaType.APPLICATION_JSON)
				.body(note)
				.retrieve()
				.toBodilessEntity())
			.satisfies((ex) -> assertThat(problem(ex)).containsEntry("detail",
					"content must be at most 20000 characters; title must not be blank"));
		// PostgreSQL stores no NUL in text: refused before it gets there, not a server error
		assertThatExceptionOfType(HttpClientErrorException.BadRequest.class)
			.isThrownBy(() -> this.http.post()
				.uri("/api/notes")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("title", "a\u0000b", "content", "text"))
				.retrieve()
				.toBodilessEntity())
			.satisfies((ex) -> assertThat(problem(ex)).containsEntry("detail", "title must not contain NUL characters"));
		assertThat(this.jdbc.queryForObject("select count(*) from manual.manual_pages", Long.class)).isEqualTo(pages);
	}

	@Test
	void aPageOfTheManualIsNotDeletedAsANote() {
		long constraints = this.jdbc.queryForObject(
				"select id from manual.manual_pages where file = 'ddl-constraints.html'", Long.class);
		assertThatExceptionOfType(HttpClientErrorException.Conflict.class)
			.isThrownBy(() -> this.http.delete().uri("/api/notes/{id}", constraints).retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(problem(ex)).containsEntry("detail",
					"Page " + constraints + " is part of the manual, not a note: only notes can be deleted"));
		assertThat(this.jdbc.queryForObject("select count(*) from manual.manual_pages where id = ?", Long.class,
				constraints))
			.isOne();
	}

	private List<String> chunks(long id) {
		return this.http.get().uri("/api/pages/{id}/chunks", id).retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	private static Map<String, Object> problem(HttpClientErrorException ex) {
		assertThat(ex.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		return ex.getResponseBodyAs(PAGE);
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
