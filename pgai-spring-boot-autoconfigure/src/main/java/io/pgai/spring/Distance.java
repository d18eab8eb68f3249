package io.pgai.spring;

/**
 * How nearness is measured between a query and the stored embeddings; match it to the operator
 * class of the store's index ({@code vector_cosine_ops} is pgai's default).
 */
public enum Distance {

	/**
	 * Use the configured default, {@code pgai.search.distance}.
	 */
	DEFAULT,

	/**
	 * Cosine distance, pgvector's {@code <=>} ({@code vector_cosine_ops}).
	 */
	COSINE,

	/**
	 * Euclidean (L2) distance, pgvector's {@code <->} ({@code vector_l2_ops}).
	 */
	EUCLIDEAN,

	/**
	 * Negative inner product, pgvector's {@code <#>} ({@code vector_ip_ops}).
	 */
	INNER_PRODUCT

}
