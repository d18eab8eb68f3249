package io.pgai.spring.vectorizer.embedding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
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

	private static final VarHandle LITTLE_ENDIAN_FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class,
			ByteOrder.LITTLE_ENDIAN);

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
		Response response = HttpFailures.postJson(this.client, "/embeddings", request, Response.class, this.description);
		if (response == null || response.data() == null || response.data().size() != texts.size()) {
			throw new EmbeddingProviderException(this.description, EmbeddingProviderException.Kind.REJECTED,
					"answered " + ((response == null || response.data() == null) ? "no" : response.data().size())
							+ " embeddings for " + texts.size() + " inputs",
					null, null);
		}
		List<float[]> vectors = new ArrayList<>(texts.size());
		for (Item item : response.data().stream().sorted(Comparator.comparingInt(Item::index)).toList()) {
			vectors.add(vector(item.embedding()));
		}
		return vectors;
	}

	private float[] vector(@Nullable Object embedding) {
		if (embedding instanceof String base64) {
			byte[] bytes;
			try {
				bytes = Base64.getDecoder().decode(base64);
			}
			catch (IllegalArgumentException ex) {
				throw unreadable("an embedding that is not valid base64");
			}
			if (bytes.length % Float.BYTES != 0) {
				throw unreadable("a base64 embedding of " + bytes.length + " bytes, not whole 4-byte floats");
			}
			float[] vector = new float[bytes.length / Float.BYTES];
			for (int i = 0; i < vector.length; i++) {
				vector[i] = (float) LITTLE_ENDIAN_FLOAT.get(bytes, i * Float.BYTES);
			}
			return vector;
		}
		if (embedding instanceof List<?> numbers) {
			float[] vector = new float[numbers.size()];
			for (int i = 0; i < vector.length; i++) {
				if (!(numbers.get(i) instanceof Number number)) {
					throw unreadable("an embedding with " + numbers.get(i) + " among its numbers");
				}
				vector[i] = number.floatValue();
			}
			return vector;
		}
		throw unreadable("an embedding that is neither base64 nor a list of numbers");
	}

	private EmbeddingProviderException unreadable(String what) {
		// A garbled answer is the provider's fault, not the input's: worth another try.
		return new EmbeddingProviderException(this.description, EmbeddingProviderException.Kind.UNAVAILABLE,
				"answered " + what, null, null);
	}

	record Response(@Nullable List<Item> data) {
	}

	record Item(int index, @Nullable Object embedding) {
	}

}
