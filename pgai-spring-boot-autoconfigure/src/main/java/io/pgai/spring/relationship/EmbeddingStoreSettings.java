package io.pgai.spring.relationship;

import io.pgai.spring.Distance;
import jakarta.persistence.FetchType;
import org.jspecify.annotations.Nullable;

/**
 * The configured defaults that {@link io.pgai.spring.VectorizerRelationship} attributes fall back to.
 *
 * @param schema the default schema of stores whose parent has none, or {@code null}
 * @param tableNamePattern the store table name, with {@code {table}} for the parent's table
 * @param fetch how parents load their embeddings by default
 * @param parentFetch how embeddings load their parent by default
 * @param distance how nearness is measured by default
 */
public record EmbeddingStoreSettings(@Nullable String schema, String tableNamePattern, FetchType fetch,
		FetchType parentFetch, Distance distance) {

	/** The placeholder for the parent's table in {@link #tableNamePattern()}. */
	public static final String TABLE_PLACEHOLDER = "{table}";

	/** pgai's own default destination, {@code {table}_embedding_store}. */
	public static final String DEFAULT_TABLE_NAME_PATTERN = TABLE_PLACEHOLDER + "_embedding_store";

	/**
	 * Settings with pgai's defaults: no schema, {@code {table}_embedding_store}, lazy both ways,
	 * cosine distance.
	 * @return the default settings
	 */
	public static EmbeddingStoreSettings defaults() {
		return new EmbeddingStoreSettings(null, DEFAULT_TABLE_NAME_PATTERN, FetchType.LAZY, FetchType.LAZY,
				Distance.COSINE);
	}

	/**
	 * These settings with another default fetch of the embeddings.
	 * @param fetch how parents load their embeddings
	 * @return the changed settings
	 */
	public EmbeddingStoreSettings withFetch(FetchType fetch) {
		return new EmbeddingStoreSettings(this.schema, this.tableNamePattern, fetch, this.parentFetch, this.distance);
	}

}
