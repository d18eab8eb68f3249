package io.pgai.spring.vectorizer.embedding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClient;

/**
 * OpenAI's {@code POST /v1/embeddings}, also spoken by Ollama, vLLM and LM Studio: pgai's
 * {@code ai.embedding_openai}.
 */
public class OpenAiEmbeddingProvider implements EmbeddingProvider {

	/** OpenAI's API. */
	public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

	private final RestClient client;

	private final String model;

	private final @Nullable Integer dimensions;

	private final @Nullable String user;

	private final String description;

	/**
	 * Creates a provider.
	 * @param builder the client builder, with timeouts set
	 * @param baseUrl the API's base URL, ending before {@code /embeddings}
	 * @param apiKey the API key, or {@code null} for servers that need none
	 * @param model the model
	 * @param dimensions the dimensions to ask for, or {@code null} for the model's
	 * @param user the end-user id to pass on, if any
	 */
	public OpenAiEmbeddingProvider(RestClient.Builder builder, String baseUrl, @Nullable String apiKey, String model,
			@Nullable Integer dimensions, @Nullable String user) {
		RestClient.Builder configured = builder.clone().baseUrl(baseUrl);
		if (apiKey != null) {
			configured.defaultHeader("Authorization", "Bearer " + apiKey);
		}
		this.client = configured.build();
		this.model = model;
		this.dimensions = dimensions;
		this.user = user;
		this.description = "openai " + model + " at " + baseUrl;
	}

	@Override
	public String describe() {
		return this.description;
	}

	@Override
	public int maxBatchSize() {
		// OpenAI takes up to 2048 inputs per request.
		return 2048;
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("model", this.model);
		request.put("input", texts);
		// Base64 is what OpenAI's own clients ask for: a third of the bytes of decimal text, and no
		// number parsing. Servers that ignore it answer lists of numbers, read below as well.
		request.put("encoding_format", "base64");
		if (this.dimensions != null && this.model.startsWith("text-embedding-3")) {
			// Only the text-embedding-3 models take a dimensions argument.
			request.put("dimensions", this.dimensions);
		}
		if (this.user != null) {
			request.put("user", this.user);
		}
		EmbeddingsResponse response = HttpFailures.postJson(this.client, "/embeddings", request,
				EmbeddingsResponse.class, this.description);
		return EmbeddingsResponse.vectors(response, texts.size(), this.description);
	}

}
