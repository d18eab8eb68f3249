package io.pgai.spring.vectorizer;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How the worker's HNSW index stores the vectors of a store, given as the {@code quantization}
 * key of a vectorizer's indexing configuration: an addition of pgai-spring's that pgai's own
 * functions neither need nor reject. The store itself keeps pgai's layout, {@code vector(n)};
 * only the index is built on an expression, which the repositories detect and search through.
 */
public enum IndexQuantization {

	/** The vectors as they are: {@code (embedding vector_cosine_ops)}; up to 2,000 dimensions. */
	NONE,

	/**
	 * Half precision: {@code ((embedding::halfvec(n)) halfvec_cosine_ops)}, half the memory of
	 * the vectors, up to 4,000 dimensions; searches order by the casts' distance.
	 */
	HALFVEC,

	/**
	 * One bit per dimension: {@code ((binary_quantize(embedding)::bit(n)) bit_hamming_ops)}, a
	 * thirty-second of the memory; searches re-rank the nearest candidates by the exact distance.
	 */
	BINARY;

	/**
	 * The value of the indexing configuration's {@code quantization} key.
	 * @return the name in lower case
	 */
	public String configValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Reads the {@code quantization} key of an indexing configuration.
	 * @param value the key's value, {@code null} when absent
	 * @return the quantization
	 * @throws IllegalArgumentException if the value names none
	 */
	public static IndexQuantization of(@Nullable Object value) {
		if (value == null) {
			return NONE;
		}
		for (IndexQuantization quantization : values()) {
			if (quantization.configValue().equals(value)) {
				return quantization;
			}
		}
		throw new IllegalArgumentException("Unknown indexing quantization '" + value
				+ "': use 'halfvec' or 'binary', or leave the key out for none");
	}

}
