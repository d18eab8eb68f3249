package io.pgai.spring.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import com.pgvector.PGvector;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.query.LangChain4jQueryEmbedder;
import io.pgai.spring.query.SpringAiQueryEmbedder;
import io.pgai.spring.repository.semantic.Guide;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text search with the real all-MiniLM-L6-v2 model, in process and offline: the chunks are
 * embedded with it here, as a vectorizer would, and queries through each {@link QueryEmbedder}.
 */
class SemanticSearchIntegrationTests {

	private static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();

	private static final String[][] GUIDES = {
			{ "1", "Cooking pasta", "Bring a large pot of salted water to a boil and cook the spaghetti until al dente." },
			{ "2", "Repairing a bicycle", "Remove the wheel, find the puncture in the inner tube and patch it." },
			{ "3", "Growing tomatoes", "Plant seedlings in full sun and water the garden beds every morning." },
			{ "4", "Tuning a database", "Create an index on the columns your slow queries filter by." } };

	private final ApplicationContextRunner runner = JpaContextRunners.withDatabase()
		.withUserConfiguration(GuideConfiguration.class)
		.withPropertyValues("pgai.parent-fetch=eager");

	@BeforeAll
	static void embedGuidesAsAVectorizerWould() throws SQLException {
		Sql.run("drop table if exists guides_embedding_store", "drop table if exists guides",
				"create table guides (id bigint primary key, title text, body text)", """
						create table guides_embedding_store (embedding_uuid uuid primary key default gen_random_uuid(),
						    id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(384) not null)""");
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement guide = connection.prepareStatement("insert into guides values (?, ?, ?)");
				PreparedStatement chunk = connection.prepareStatement(
						"insert into guides_embedding_store (id, chunk_seq, chunk, embedding) values (?, 0, ?, ?)")) {
			for (String[] row : GUIDES) {
				guide.setLong(1, Long.parseLong(row[0]));
				guide.setString(2, row[1]);
				guide.setString(3, row[2]);
				guide.executeUpdate();
				chunk.setLong(1, Long.parseLong(row[0]));
				chunk.setString(2, row[2]);
				chunk.setObject(3, new PGvector(MODEL.embed(row[2]).content().vector()));
				chunk.executeUpdate();
			}
		}
	}

	@Test
	void aLangChain4jModelBeanEmbedsTextQueries() {
		this.runner.withBean("miniLm", EmbeddingModel.class, () -> MODEL).run((context) -> {
			assertThat(context).hasSingleBean(LangChain4jQueryEmbedder.class);
			EmbeddingRepository<Guide> guides = repository(context);
			assertThat(guides.findNearest("how do I make noodles for dinner", 1)).singleElement()
				.satisfies((e) -> assertThat(e.getParent().getTitle()).isEqualTo("Cooking pasta"));
			List<NearestParent<Guide>> parents = guides.findNearestParents("my tyre is flat", 2);
			assertThat(parents.get(0).parent().getTitle()).isEqualTo("Repairing a bicycle");
			assertThat(parents.get(0).score().getValue()).isGreaterThan(parents.get(1).score().getValue());
		});
	}

	@Test
	void aSpringAiModelBeanIsPreferred() {
		this.runner.withBean("miniLm", EmbeddingModel.class, () -> MODEL)
			.withBean("springAiMiniLm", org.springframework.ai.embedding.EmbeddingModel.class, MiniLmSpringAiModel::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(SpringAiQueryEmbedder.class);
				assertThat(context).doesNotHaveBean(LangChain4jQueryEmbedder.class);
				assertThat(repository(context).findNearest("slow SQL queries", 1)).singleElement()
					.satisfies((e) -> assertThat(e.getParent().getTitle()).isEqualTo("Tuning a database"));
			});
	}

	@Test
	void aQueryEmbedderBeanOfTheApplicationWins() {
		this.runner.withBean("miniLm", EmbeddingModel.class, () -> MODEL)
			.withBean(QueryEmbedder.class,
					() -> (text, store) -> MODEL.embed("vegetables in the garden").content().vector())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LangChain4jQueryEmbedder.class);
				assertThat(repository(context).findNearest("anything at all", 1)).singleElement()
					.satisfies((e) -> assertThat(e.getParent().getTitle()).isEqualTo("Growing tomatoes"));
			});
	}

	@SuppressWarnings("unchecked")
	private static EmbeddingRepository<Guide> repository(AssertableApplicationContext context) {
		return (EmbeddingRepository<Guide>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, Guide.class))
			.getObject();
	}

	/** Spring AI's view of the same in-process model. */
	static class MiniLmSpringAiModel implements org.springframework.ai.embedding.EmbeddingModel {

		@Override
		public EmbeddingResponse call(EmbeddingRequest request) {
			List<Embedding> embeddings = new java.util.ArrayList<>();
			List<String> texts = request.getInstructions();
			for (int i = 0; i < texts.size(); i++) {
				embeddings.add(new Embedding(MODEL.embed(texts.get(i)).content().vector(), i));
			}
			return new EmbeddingResponse(embeddings);
		}

		@Override
		public float[] embed(org.springframework.ai.document.Document document) {
			return MODEL.embed(document.getText()).content().vector();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Guide.class)
	static class GuideConfiguration {

	}

}
