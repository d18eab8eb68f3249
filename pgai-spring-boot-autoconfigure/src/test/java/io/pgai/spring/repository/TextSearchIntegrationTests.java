package io.pgai.spring.repository;

import java.time.Duration;
import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.reliability.entity.Note;
import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.Jdbc;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Text searches with the model of the vectorizer that writes the store: found as soon as the
 * vectorizer exists, with a minimum score, and with the query vector available to the application.
 */
@ExtendWith(OutputCaptureExtension.class)
class TextSearchIntegrationTests {

	private final org.springframework.jdbc.core.JdbcTemplate jdbc = Jdbc.template();

	private FakeEmbeddingApi api;

	private ApplicationContextRunner runner;

	@BeforeEach
	void createNotes() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		Sql.freshAiSchema();
		this.jdbc.execute("drop table if exists rel_notes, rel_notes_embedding_store cascade");
		this.jdbc.execute("create table rel_notes (id bigint primary key, body text)");
		this.jdbc.execute("insert into rel_notes select g, 'Note number ' || g from generate_series(1, 20) g");
		this.runner = JpaContextRunners.withDatabase()
			.withUserConfiguration(Notes.class)
			.withPropertyValues("pgai.vectorizer.worker.enabled=true", "pgai.validate-stores=false",
					"TEST_OPENAI_KEY=sk-test");
	}

	@AfterEach
	void close() {
		this.api.close();
		Jdbc.close(this.jdbc);
	}

	@Test
	void aVectorizerCreatedAfterStartupServesTextSearchesAsSoonAsItHasEmbedded() {
		this.runner.run((context) -> {
			EmbeddingRepository<Note> notes = repository(context);
			assertThatIllegalStateException().isThrownBy(() -> notes.findNearest("note", 3))
				.withMessageContaining("no vectorizer writes rel_notes_embedding_store (yet)")
				.withMessageContaining("Create the vectorizer");
			vectorizer().execute(this.jdbc);
			assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
			assertThat(this.jdbc.queryForObject("select count(*) from rel_notes_embedding_store", Long.class))
				.isEqualTo(20);
			assertThat(notes.findNearest("Note number 7", 1)).singleElement()
				.satisfies((embedding) -> assertThat(embedding.getChunk()).isEqualTo("Note number 7"));
		});
	}

	@Test
	void textSearchesTakeAMinimumScoreAndTheQueryVectorIsTheStoreModels() {
		vectorizer().execute(this.jdbc);
		this.runner.run((context) -> {
			assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
			EmbeddingRepository<Note> notes = repository(context);
			Vector query = notes.embedQuery("Note number 7");
			assertThat(query.toFloatArray()).isEqualTo(this.api.vectorOf("Note number 7"));
			SearchResults<Embedding<Note>> all = notes.searchNearest("Note number 7", Score.of(0), Limit.of(20));
			assertThat(all.getContent()).hasSize(20);
			double threshold = all.getContent().get(4).getScore().getValue();
			SearchResults<Embedding<Note>> close = notes.searchNearest("Note number 7", Score.of(threshold),
					Limit.of(20));
			assertThat(close.getContent()).hasSizeBetween(5, 19)
				.allSatisfy((result) -> assertThat(result.getScore().getValue()).isGreaterThanOrEqualTo(threshold));
			assertThat(ids(close)).isEqualTo(ids(notes.searchNearest(query, Score.of(threshold), Limit.of(20))));
			assertThat(ids(notes.searchNearest("Note number 7",
					org.springframework.data.jpa.domain.Specification.unrestricted(), Score.of(threshold),
					org.springframework.data.domain.PageRequest.of(0, 3)))).isEqualTo(ids(close).subList(0, 3));
		});
	}

	@Test
	void aVectorizerThatCannotEmbedIsAWarningAtStartupNotAnInfoLine(CapturedOutput output) {
		CreateVectorizer.source("rel_notes")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3)
			.chunkingNone()
			.execute(this.jdbc);
		this.runner.run((context) -> {
			assertThat(context.getBean(VectorizerWorker.class).awaitCaughtUp(Duration.ofMillis(1500))).isFalse();
			assertThat(output).containsPattern("WARN .* Vectorizer public_rel_notes_embedding_store: embedding "
					+ "public\\.rel_notes\\.body into public\\.rel_notes_embedding_store is not possible: openai "
					+ "text-embedding-3-small: no API key: set the environment variable OPENAI_API_KEY");
		});
	}

	private static List<Long> ids(SearchResults<Embedding<Note>> results) {
		return results.getContent().stream().map(SearchResult::getContent).map((e) -> (Long) e.getParentId()).toList();
	}

	private CreateVectorizer vectorizer() {
		return CreateVectorizer.source("rel_notes")
			.loadingColumn("body")
			.embeddingOpenAi("text-embedding-3-small", 3, "TEST_OPENAI_KEY", this.api.baseUrl() + "/v1")
			.chunkingNone();
	}

	@SuppressWarnings("unchecked")
	private static EmbeddingRepository<Note> repository(AssertableApplicationContext context) {
		return (EmbeddingRepository<Note>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, Note.class))
			.getObject();
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Note.class)
	static class Notes {

	}

}
