package io.pgai.spring.sample;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pgai.spring.replica.ReplicaState;
import io.pgai.spring.replica.SearchReplicas;
import io.pgai.spring.test.StreamingReplica;
import io.pgai.spring.test.Waiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's "save a note, then search" flow with its searches on a real hot standby (profile
 * {@code replica}, scripts/replica.sh): the standby's replay is paused while a note is saved and
 * embedded on the primary, so which server answered shows in whether the note is found.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// The standby stays available however long its replay is paused: the test wants its stale answers.
		// A search reading its writes waits 2 s for the standby to replay them: once replay resumes,
		// it has everything long before that.
		properties = { "pgai.search.max-replica-lag=1h", "pgai.search.read-your-writes-timeout=2s" })
@ActiveProfiles("replica")
class ReadYourWritesOnAReplicaIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> HITS = new ParameterizedTypeReference<>() {
	};

	private static final String QUESTION = "what do we do when a replica lags behind the primary";

	@DynamicPropertySource
	static void databases(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
		registry.add("pgai.search.replicas", () -> StreamingReplica.standbyOf(SampleDatabase.get().url()));
	}

	@LocalServerPort
	int port;

	@Autowired
	SearchReplicas replicas;

	@Autowired
	JdbcTemplate jdbc;

	RestClient http;

	@BeforeEach
	void caughtUp() throws SQLException {
		this.http = RestClient.create("http://localhost:" + this.port);
		Waiter.until("the backfill of the manual", Duration.ofMinutes(5), () -> ((Number) this.http.get()
			.uri("/api/status")
			.retrieve()
			.body(Map.class)
			.get("pending")).longValue() == 0);
		StreamingReplica.awaitCaughtUp();
	}

	@AfterEach
	void replayResumed() throws SQLException {
		StreamingReplica.resumeReplay();
	}

	@Test
	void aNoteJustEmbeddedIsFoundByASearchReadingItsWritesWhetherOrNotTheStandbyHasReplayedIt() throws SQLException {
		assertThat(this.replicas.status()).singleElement()
			.satisfies((replica) -> assertThat(replica.state()).isEqualTo(ReplicaState.AVAILABLE));
		StreamingReplica.pauseReplay();
		long note = ((Number) this.http.post()
			.uri("/api/notes")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", "Our runbook: a standby that falls behind", "content",
					PgaiSampleApplicationIntegrationTests.STANDBY_RUNBOOK))
			.retrieve()
			.body(Map.class)
			.get("id")).longValue();
		try {
			// what the page does: its chunks are read on the primary, where the worker wrote them
			Waiter.until("the note's chunks", Duration.ofSeconds(30), () -> !this.http.get()
				.uri("/api/pages/{id}/chunks", note)
				.retrieve()
				.body(List.class)
				.isEmpty());

			long replicaReads = replicaReads();
			long primaryReads = this.replicas.primaryReads();
			assertThat(ids(search(false))).as("a plain search: the standby, which has not replayed the note")
				.isNotEmpty()
				.doesNotContain(note);
			assertThat(replicaReads()).isEqualTo(replicaReads + 1);
			assertThat(this.replicas.primaryReads()).isEqualTo(primaryReads);

			assertThat(ids(search(true))).as("reading its writes: the standby has not replayed them, so the primary")
				.contains(note);
			assertThat(replicaReads()).isEqualTo(replicaReads + 1);
			assertThat(this.replicas.primaryReads()).isEqualTo(primaryReads + 1);

			StreamingReplica.resumeReplay();
			assertThat(ids(search(true))).as("reading its writes once the standby has replayed them: the standby")
				.contains(note);
			assertThat(replicaReads()).isEqualTo(replicaReads + 2);
			assertThat(this.replicas.primaryReads()).isEqualTo(primaryReads + 1);
		}
		finally {
			this.http.delete().uri("/api/notes/{id}", note).retrieve().toBodilessEntity();
			Waiter.until("the worker to delete the note's chunks", Duration.ofSeconds(30), () -> this.jdbc.queryForObject(
					"select count(*) from manual.manual_pages_embedding_store where id = ?", Long.class, note) == 0);
		}
	}

	private List<Map<String, Object>> search(boolean readYourWrites) {
		return this.http.get()
			.uri((uri) -> uri.path("/api/search")
				.queryParam("q", QUESTION)
				.queryParam("mode", "meaning")
				.queryParam("readYourWrites", readYourWrites)
				.build())
			.retrieve()
			.body(HITS);
	}

	private static List<Long> ids(List<Map<String, Object>> hits) {
		return hits.stream().map((hit) -> ((Number) hit.get("id")).longValue()).toList();
	}

	private long replicaReads() {
		return this.replicas.status().get(0).reads();
	}

}
