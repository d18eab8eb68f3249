package io.pgai.spring.autoconfigure;

import io.pgai.spring.relationship.EmbeddingStoreSettings;
import jakarta.persistence.FetchType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of pgai embedding stores.
 */
@ConfigurationProperties("pgai")
public class PgaiProperties {

	/**
	 * Schema of embedding stores whose parent table names no schema; the connection's default
	 * schema when unset.
	 */
	private @Nullable String schema;

	/**
	 * Table name of an embedding store, where {table} stands for the parent entity's table.
	 */
	private String tableNamePattern = "{table}_embedding_store";

	/**
	 * How entities load their embeddings unless a relationship sets its own fetch.
	 */
	private FetchType fetch = FetchType.LAZY;

	/**
	 * How embeddings load their parent entity unless a relationship sets its own parentFetch.
	 */
	private FetchType parentFetch = FetchType.LAZY;

	/**
	 * Whether to check at startup that every embedding store exists with pgai's columns and the
	 * mapped dimensions.
	 */
	private boolean validateStores = true;

	public @Nullable String getSchema() {
		return this.schema;
	}

	public void setSchema(@Nullable String schema) {
		this.schema = schema;
	}

	public String getTableNamePattern() {
		return this.tableNamePattern;
	}

	public void setTableNamePattern(String tableNamePattern) {
		this.tableNamePattern = tableNamePattern;
	}

	public FetchType getFetch() {
		return this.fetch;
	}

	public void setFetch(FetchType fetch) {
		this.fetch = fetch;
	}

	public FetchType getParentFetch() {
		return this.parentFetch;
	}

	public void setParentFetch(FetchType parentFetch) {
		this.parentFetch = parentFetch;
	}

	public boolean isValidateStores() {
		return this.validateStores;
	}

	public void setValidateStores(boolean validateStores) {
		this.validateStores = validateStores;
	}

	EmbeddingStoreSettings toSettings() {
		String schema = (this.schema != null && !this.schema.isBlank()) ? this.schema : null;
		return new EmbeddingStoreSettings(schema, this.tableNamePattern, this.fetch, this.parentFetch);
	}

}
