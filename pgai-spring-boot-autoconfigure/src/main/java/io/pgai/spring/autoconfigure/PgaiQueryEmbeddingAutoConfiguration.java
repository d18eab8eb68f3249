package io.pgai.spring.autoconfigure;

import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.query.LangChain4jQueryEmbedder;
import io.pgai.spring.query.SpringAiQueryEmbedder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link QueryEmbedder} that text searches use: the application's
 * Spring AI {@code EmbeddingModel}, else its LangChain4j one. Ordered after the auto-configurations
 * that define those models (Spring AI's and LangChain4j's Spring Boot starters), so that a model
 * they make is seen: by name, as their classes may be absent.
 */
@AutoConfiguration(afterName = { "org.springframework.ai.model.openai.autoconfigure.OpenAiEmbeddingAutoConfiguration",
		"org.springframework.ai.model.ollama.autoconfigure.OllamaEmbeddingAutoConfiguration",
		"org.springframework.ai.model.transformers.autoconfigure.TransformersEmbeddingModelAutoConfiguration",
		"org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiEmbeddingAutoConfiguration",
		"org.springframework.ai.model.mistralai.autoconfigure.MistralAiEmbeddingAutoConfiguration",
		"org.springframework.ai.model.bedrock.titan.autoconfigure.BedrockTitanEmbeddingAutoConfiguration",
		"org.springframework.ai.model.bedrock.cohere.autoconfigure.BedrockCohereEmbeddingAutoConfiguration",
		"org.springframework.ai.model.google.genai.autoconfigure.embedding.GoogleGenAiTextEmbeddingAutoConfiguration",
		"org.springframework.ai.model.vertexai.autoconfigure.embedding.VertexAiTextEmbeddingAutoConfiguration",
		"org.springframework.ai.model.vertexai.autoconfigure.embedding.VertexAiMultiModalEmbeddingAutoConfiguration",
		"org.springframework.ai.model.oci.genai.autoconfigure.OCIGenAiEmbeddingAutoConfiguration",
		"org.springframework.ai.model.postgresml.autoconfigure.PostgresMlEmbeddingAutoConfiguration",
		"org.springframework.ai.model.minimax.autoconfigure.MiniMaxEmbeddingAutoConfiguration",
		"org.springframework.ai.model.zhipuai.autoconfigure.ZhiPuAiEmbeddingAutoConfiguration",
		"dev.langchain4j.openai.spring.AutoConfig", "dev.langchain4j.ollama.spring.AutoConfig",
		"dev.langchain4j.azure.openai.spring.AutoConfig" })
public final class PgaiQueryEmbeddingAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(org.springframework.ai.embedding.EmbeddingModel.class)
	static class SpringAiQueryEmbedderConfiguration {

		@Bean
		@ConditionalOnMissingBean(QueryEmbedder.class)
		@ConditionalOnSingleCandidate(org.springframework.ai.embedding.EmbeddingModel.class)
		SpringAiQueryEmbedder springAiQueryEmbedder(org.springframework.ai.embedding.EmbeddingModel model) {
			return new SpringAiQueryEmbedder(model);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(dev.langchain4j.model.embedding.EmbeddingModel.class)
	static class LangChain4jQueryEmbedderConfiguration {

		@Bean
		@ConditionalOnMissingBean(value = QueryEmbedder.class,
				type = "org.springframework.ai.embedding.EmbeddingModel")
		@ConditionalOnSingleCandidate(dev.langchain4j.model.embedding.EmbeddingModel.class)
		LangChain4jQueryEmbedder langChain4jQueryEmbedder(dev.langchain4j.model.embedding.EmbeddingModel model) {
			return new LangChain4jQueryEmbedder(model);
		}

	}

}
