package io.pgai.spring.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pgai.spring.test.Waiter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample from a first start on an empty database: Flyway loads 300 posts and creates the
 * vectorizer, the in-process model embeds them, and the JSON API searches by meaning.
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

	RestClient http;

	@BeforeEach
	void awaitBackfill() {
		this.http = RestClient.create("http://localhost:" + this.port);
		Waiter.until("the backfill of the sample's posts", Duration.ofMinutes(3), () -> pending() == 0);
	}

	@Test
	void searchFindsPostsByMeaning() {
		Map<String, Object> status = this.http.get().uri("/api/status").retrieve().body(Map.class);
		assertThat(status).containsEntry("posts", 300);
		assertThat(((Number) status.get("chunks")).longValue()).isGreaterThan(1000);
		assertThat(category(search("my bike has a flat tyre", null).get(0))).isEqualTo("Cycling");
		assertThat(category(search("which telescope shows the moons of planets", null).get(0))).isEqualTo("Astronomy");
		assertThat(category(search("saving money for retirement", null).get(0))).isEqualTo("Personal finance");
	}

	@Test
	void aCategoryFilterKeepsOnlyThatCategory() {
		List<Map<String, Object>> hits = search("how to feel rested", "Sleep");
		assertThat(hits).hasSize(10).allSatisfy((hit) -> assertThat(category(hit)).isEqualTo("Sleep"));
		assertThat(hits).extracting((hit) -> hit.get("id")).doesNotHaveDuplicates();
	}

	@Test
	void moreLikeThisFindsPostsOfTheSameTopic() {
		Map<String, Object> coffee = search("brewing espresso at home", null).get(0);
		List<Map<String, Object>> similar = this.http.get()
			.uri("/api/posts/{id}/similar?k=5", coffee.get("id"))
			.retrieve()
			.body(HITS);
		assertThat(similar).hasSize(5).noneMatch((hit) -> hit.get("id").equals(coffee.get("id")));
		assertThat(category(similar.get(0))).isEqualTo(category(coffee));
	}

	@Test
	void aNewOrEditedPostIsSearchableOnceTheWorkerEmbedsIt() {
		Map<String, Object> created = this.http.post()
			.uri("/api/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", "Keeping bees", "category", "Gardening", "content",
					"A hive of honeybees needs a sheltered spot. Inspect the frames for the queen every week."))
			.retrieve()
			.body(Map.class);
		Waiter.until("the new post's embedding", Duration.ofSeconds(60), () -> pending() == 0);
		assertThat(search("apiary and honey", null).get(0)).containsEntry("title", "Keeping bees");
		this.http.put()
			.uri("/api/posts/{id}", created.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", "Sailing lessons", "category", "Travel", "content",
					"Trim the sails to the wind and keep a steady hand on the tiller when the boat heels."))
			.retrieve()
			.toBodilessEntity();
		Waiter.until("the edited post's embedding", Duration.ofSeconds(60), () -> pending() == 0);
		assertThat(search("learning to steer a yacht", null).get(0)).containsEntry("title", "Sailing lessons");
	}

	private List<Map<String, Object>> search(String query, String category) {
		return this.http.get()
			.uri((uri) -> uri.path("/api/search")
				.queryParam("q", query)
				.queryParamIfPresent("category", java.util.Optional.ofNullable(category))
				.build())
			.retrieve()
			.body(HITS);
	}

	private long pending() {
		Map<?, ?> status = this.http.get().uri("/api/status").retrieve().body(Map.class);
		return ((Number) status.get("pending")).longValue();
	}

	private static String category(Map<String, Object> hit) {
		return (String) hit.get("category");
	}

}
