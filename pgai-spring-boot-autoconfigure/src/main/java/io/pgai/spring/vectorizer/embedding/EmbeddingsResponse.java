package io.pgai.spring.vectorizer.embedding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The answer of an OpenAI-style {@code /embeddings} call, which Voyage AI's API gives as well:
 * {@code data}, each item with its {@code index} and its {@code embedding} as base64 of
 * little-endian floats or as a list of numbers.
 *
 * @param data the embeddings
 */
record EmbeddingsResponse(@Nullable List<Item> data) {

	private static final VarHandle LITTLE_ENDIAN_FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class,
			ByteOrder.LITTLE_ENDIAN);

	/**
	 * One embedding.
	 * @param index the input it belongs to
	 * @param embedding base64 or a list of numbers
	 */
	record Item(int index, @Nullable Object embedding) {
	}

	/**
	 * The vectors of an answer, in the inputs' order.
	 * @param response the answer
	 * @param inputs how many inputs were sent
	 * @param provider the provider, for errors
	 * @return one vector per input
	 * @throws EmbeddingProviderException if the answer does not hold one readable vector per input
	 */
	static List<float[]> vectors(@Nullable EmbeddingsResponse response, int inputs, String provider) {
		List<Item> data = (response != null) ? response.data() : null;
		if (data == null || data.size() != inputs) {
			throw new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.REJECTED,
					"answered " + ((data == null) ? "no" : data.size()) + " embeddings for " + inputs + " inputs", null,
					null);
		}
		List<float[]> vectors = new ArrayList<>(inputs);
		for (Item item : data.stream().sorted(Comparator.comparingInt(Item::index)).toList()) {
			vectors.add(vector(item.embedding(), provider));
		}
		return vectors;
	}

	private static float[] vector(@Nullable Object embedding, String provider) {
		if (embedding instanceof String base64) {
			byte[] bytes;
			try {
				bytes = Base64.getDecoder().decode(base64);
			}
			catch (IllegalArgumentException ex) {
				throw unreadable(provider, "an embedding that is not valid base64");
			}
			if (bytes.length % Float.BYTES != 0) {
				throw unreadable(provider, "a base64 embedding of " + bytes.length + " bytes, not whole 4-byte floats");
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
					throw unreadable(provider, "an embedding with " + numbers.get(i) + " among its numbers");
				}
				vector[i] = number.floatValue();
			}
			return vector;
		}
		throw unreadable(provider, "an embedding that is neither base64 nor a list of numbers");
	}

	private static EmbeddingProviderException unreadable(String provider, String what) {
		// A garbled answer is the provider's fault, not the input's: worth another try.
		return new EmbeddingProviderException(provider, EmbeddingProviderException.Kind.UNAVAILABLE,
				"answered " + what, null, null);
	}

}
