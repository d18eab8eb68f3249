package io.pgai.spring;

/**
 * How one side of a {@link VectorizerRelationship} is loaded.
 */
public enum Fetch {

	/**
	 * Use the configured default: {@code pgai.fetch} or {@code pgai.parent-fetch}.
	 */
	DEFAULT,

	/**
	 * Load when first accessed.
	 */
	LAZY,

	/**
	 * Load together with the owning side, without one query per row.
	 */
	EAGER

}
