package io.pgai.spring.vectorizer.embedding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClient;

/**
 * Ollama's native {@code POST /api/embed}: pgai's {@code ai.embedding_ollama}.
 */
public class OllamaEmbeddingProvider implements EmbeddingProvider {

	/** Ollama's default address. */
	public static final String DEFAULT_BASE_URL = "http://localhost:11434";

	private final RestClient client;

	private final String model;

	private final @Nullable Map<String, Object> options;

	private final @Nullable String keepAlive;

	private final String description;

	/**
	 * Creates a provider.
	 * @param builder the client builder, with timeouts set
	 * @param baseUrl Ollama's URL
	 * @param model the model
	 * @param options model options, if any
	 * @param keepAlive how long Ollama keeps the model loaded, if set
	 */
	public OllamaEmbeddingProvider(RestClient.Builder builder, String baseUrl, String model,
			@Nullable Map<String, Object> options, @Nullable String keepAlive) {
		this.client = builder.clone().baseUrl(baseUrl).build();
		this.model = model;
		this.options = options;
		this.keepAlive = keepAlive;
		this.description = "ollama " + model + " at " + baseUrl;
	}

	@Override
	public String describe() {
		return this.description;
	}

	@Override
	public int maxBatchSize() {
		return 512;
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("model", this.model);
		request.put("input", texts);
		if (this.options != null) {
			request.put("options", this.options);
		}
		if (this.keepAlive != null) {
			request.put("keep_alive", this.keepAlive);
		}
		Response response = HttpFailures.postJson(this.client, "/api/embed", request, Response.class, this.description);
		if (response == null || response.embeddings() == null || response.embeddings().size() != texts.size()) {
			throw new EmbeddingProviderException(this.description, EmbeddingProviderException.Kind.REJECTED,
					"answered " + ((response == null || response.embeddings() == null) ? "no"
							: response.embeddings().size()) + " embeddings for " + texts.size() + " inputs",
					null, null);
		}
		return response.embeddings();
	}

	record Response(@Nullable List<float[]> embeddings) {
	}

}
