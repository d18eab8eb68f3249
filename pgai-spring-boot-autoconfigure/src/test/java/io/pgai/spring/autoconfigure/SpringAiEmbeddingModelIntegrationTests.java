package io.pgai.spring.autoconfigure;

import java.util.Map;

import io.pgai.spring.Distance;
import io.pgai.spring.EmbeddingStoreDescription;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.VectorizerEmbedding;
import io.pgai.spring.query.SpringAiQueryEmbedder;
import io.pgai.spring.test.FakeEmbeddingApi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.ollama.autoconfigure.OllamaApiAutoConfiguration;
import org.springframework.ai.model.ollama.autoconfigure.OllamaEmbeddingAutoConfiguration;
import org.springframework.ai.model.openai.autoconfigure.OpenAiEmbeddingAutoConfiguration;
import org.springframework.ai.ollama.OllamaEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text searches embed with the {@code EmbeddingModel} that Spring AI's own auto-configuration
 * makes (here its OpenAI one, against a loopback server speaking OpenAI's API), not only with one
 * an application declares: the query-embedding auto-configuration comes after Spring AI's, which
 * a name sorted alphabetically ({@code io.pgai...} before {@code org.springframework.ai...}) would
 * not give. The same holds for its Ollama auto-configuration, and an application with both picks
 * a model per store from the {@link VectorizerEmbedding} its own {@link QueryEmbedder} receives.
 */
class SpringAiEmbeddingModelIntegrationTests {

	private FakeEmbeddingApi api;

	private FakeEmbeddingApi ollamaApi;

	@BeforeEach
	void start() throws Exception {
		this.api = new FakeEmbeddingApi(3);
		this.ollamaApi = new FakeEmbeddingApi(3);
	}

	@AfterEach
	void stop() {
		this.api.close();
		this.ollamaApi.close();
	}

	@Test
	void theModelSpringAisAutoConfigurationMakesEmbedsTextQueries() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PgaiQueryEmbeddingAutoConfiguration.class,
					OpenAiEmbeddingAutoConfiguration.class))
			.withPropertyValues("spring.ai.openai.api-key=sk-test",
					"spring.ai.openai.base-url=" + this.api.baseUrl() + "/v1",
					"spring.ai.openai.embedding.options.model=text-embedding-3-small")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(EmbeddingModel.class);
				assertThat(context.getBean(QueryEmbedder.class)).isInstanceOf(SpringAiQueryEmbedder.class);
				float[] vector = context.getBean(EmbeddingModel.class).embed("a lighthouse");
				assertThat(vector).containsExactly(this.api.vectorOf("a lighthouse"));
				assertThat(this.api.requests()).singleElement()
					.satisfies((request) -> assertThat(request.authorization()).isEqualTo("Bearer sk-test"));
			});
	}

	@Test
	void theModelSpringAisOllamaAutoConfigurationMakesEmbedsTextQueries() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PgaiQueryEmbeddingAutoConfiguration.class,
					OllamaEmbeddingAutoConfiguration.class, OllamaApiAutoConfiguration.class))
			.withPropertyValues("spring.ai.ollama.base-url=" + this.ollamaApi.baseUrl(),
					"spring.ai.ollama.embedding.options.model=nomic-embed-text")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(QueryEmbedder.class)).isInstanceOf(SpringAiQueryEmbedder.class);
				QueryEmbedder embedder = context.getBean(QueryEmbedder.class);
				assertThat(embedder.embed("a lighthouse", store(null)))
					.containsExactly(this.ollamaApi.vectorOf("a lighthouse"));
				assertThat(this.ollamaApi.requests()).singleElement()
					.satisfies((request) -> assertThat(request.path()).isEqualTo("/api/embed"));
			});
	}

	@Test
	void anEmbedderOfTheApplicationsOwnChoosesTheModelOfTheStoresVectorizer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PgaiQueryEmbeddingAutoConfiguration.class,
					OpenAiEmbeddingAutoConfiguration.class, OllamaEmbeddingAutoConfiguration.class,
					OllamaApiAutoConfiguration.class))
			.withUserConfiguration(TwoModels.class)
			.withPropertyValues("spring.ai.openai.api-key=sk-test",
					"spring.ai.openai.base-url=" + this.api.baseUrl() + "/v1",
					"spring.ai.ollama.base-url=" + this.ollamaApi.baseUrl(),
					"spring.ai.ollama.embedding.options.model=nomic-embed-text")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				QueryEmbedder embedder = context.getBean(QueryEmbedder.class);
				VectorizerEmbedding ollama = new VectorizerEmbedding("posts_ollama", "ollama", "nomic-embed-text", 3,
						Map.of("implementation", "ollama"));
				VectorizerEmbedding openAi = new VectorizerEmbedding("posts_openai", "openai",
						"text-embedding-3-small", 3, Map.of("implementation", "openai"));
				assertThat(embedder.embed("tides", store(ollama))).containsExactly(this.ollamaApi.vectorOf("tides"));
				assertThat(embedder.embed("reefs", store(openAi))).containsExactly(this.api.vectorOf("reefs"));
				assertThat(this.ollamaApi.texts()).containsExactly("tides");
				assertThat(this.api.texts()).containsExactly("reefs");
			});
	}

	private static EmbeddingStoreDescription store(@Nullable VectorizerEmbedding vectorizer) {
		return new EmbeddingStoreDescription(Object.class, "embeddings", null, "posts_embedding_store", 3,
				Distance.COSINE, vectorizer);
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoModels {

		// tag::two-models[]
		@Bean
		QueryEmbedder queryEmbedder(OpenAiEmbeddingModel openAi, OllamaEmbeddingModel ollama) {
			return (text, store) -> {
				VectorizerEmbedding vectorizer = store.vectorizer();
				EmbeddingModel model = (vectorizer != null && vectorizer.implementation().equals("ollama")) ? ollama
						: openAi;
				return model.embed(text);
			};
		}
		// end::two-models[]

	}

}
