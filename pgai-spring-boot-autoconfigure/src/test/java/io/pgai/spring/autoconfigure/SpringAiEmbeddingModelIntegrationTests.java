package io.pgai.spring.autoconfigure;

import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.query.SpringAiQueryEmbedder;
import io.pgai.spring.test.FakeEmbeddingApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.openai.autoconfigure.OpenAiEmbeddingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text searches embed with the {@code EmbeddingModel} that Spring AI's own auto-configuration
 * makes (here its OpenAI one, against a loopback server speaking OpenAI's API), not only with one
 * an application declares: the query-embedding auto-configuration comes after Spring AI's, which
 * a name sorted alphabetically ({@code io.pgai...} before {@code org.springframework.ai...}) would
 * not give.
 */
class SpringAiEmbeddingModelIntegrationTests {

	private FakeEmbeddingApi api;

	@BeforeEach
	void start() throws Exception {
		this.api = new FakeEmbeddingApi(3);
	}

	@AfterEach
	void stop() {
		this.api.close();
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

}
