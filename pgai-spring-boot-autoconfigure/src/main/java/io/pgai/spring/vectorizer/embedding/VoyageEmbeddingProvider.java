package io.pgai.spring.vectorizer.embedding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClient;

/**
 * Voyage AI's {@code POST /v1/embeddings}: pgai's {@code ai.embedding_voyageai}, asked as pgai's
 * worker asks it (Voyage's client: {@code input_type}, {@code truncation}, base64 vectors).
 */
public class VoyageEmbeddingProvider implements EmbeddingProvider {

	/** Voyage AI's API. */
	public static final String DEFAULT_BASE_URL = "https://api.voyageai.com/v1";

	private final RestClient client;

	private final String model;

	private final @Nullable String inputType;

	private final String description;

	/**
	 * Creates a provider.
	 * @param builder the client builder, with timeouts set
	 * @param baseUrl the API's base URL, ending before {@code /embeddings}
	 * @param apiKey the API key
	 * @param model the model
	 * @param inputType {@code document}, {@code query} or {@code null}, as the configuration says
	 */
	public VoyageEmbeddingProvider(RestClient.Builder builder, String baseUrl, String apiKey, String model,
			@Nullable String inputType) {
		this.client = builder.clone().baseUrl(baseUrl).defaultHeader("Authorization", "Bearer " + apiKey).build();
		this.model = model;
		this.inputType = inputType;
		this.description = "voyageai " + model + " at " + baseUrl;
	}

	@Override
	public String describe() {
		return this.description;
	}

	@Override
	public int maxBatchSize() {
		// Voyage takes up to 128 inputs per request, and pgai's worker sends no more.
		return 128;
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("input", texts);
		request.put("model", this.model);
		// sent even when null, as Voyage's client sends it
		request.put("input_type", this.inputType);
		request.put("truncation", true);
		request.put("encoding_format", "base64");
		EmbeddingsResponse response = HttpFailures.postJson(this.client, "/embeddings", request,
				EmbeddingsResponse.class, this.description);
		return EmbeddingsResponse.vectors(response, texts.size(), this.description);
	}

}
