package io.pgai.spring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The embedding configuration of a vectorizer, as {@code ai.vectorizer.config->'embedding'} holds
 * it: which model embedded a store's chunks, and so which model must embed the queries that search
 * it.
 *
 * @param vectorizerName the vectorizer's name in {@code ai.vectorizer}
 * @param implementation pgai's name of the provider: {@code openai}, {@code ollama},
 * {@code voyageai}, {@code litellm}, {@code sentence_transformers}, pgai-spring's {@code local}…
 * @param model the model's name, or {@code null} when the configuration names none
 * @param dimensions the dimensions of the vectors the vectorizer writes
 * @param config the whole configuration object, unchanged (base URL, API key name, options…)
 */
public record VectorizerEmbedding(String vectorizerName, String implementation, @Nullable String model,
		int dimensions, Map<String, Object> config) {

	/**
	 * Makes an unmodifiable copy of the configuration.
	 * @param vectorizerName the vectorizer's name in {@code ai.vectorizer}
	 * @param implementation pgai's name of the provider
	 * @param model the model's name, or {@code null} when the configuration names none
	 * @param dimensions the dimensions of the vectors the vectorizer writes
	 * @param config the whole configuration object
	 */
	public VectorizerEmbedding {
		// JSON nulls are kept, which Map.copyOf would refuse.
		config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
	}

}
