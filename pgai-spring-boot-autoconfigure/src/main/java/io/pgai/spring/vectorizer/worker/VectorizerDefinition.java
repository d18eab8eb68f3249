package io.pgai.spring.vectorizer.worker;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One vectorizer of the {@code ai.vectorizer} catalog, as the worker needs it.
 *
 * @param id the vectorizer's id
 * @param name its name
 * @param sourceSchema the source table's schema
 * @param sourceTable the source table
 * @param primaryKey the source's key columns, in key order, with their types
 * @param queueSchema the queue's schema
 * @param queueTable the queue
 * @param failedQueueTable the queue of rows that failed for good
 * @param targetSchema the store's schema
 * @param targetTable the store
 * @param loadingColumn the column whose text is embedded
 * @param loadingColumnType that column's type ({@code pg_type.typname}), or {@code null} if it is gone
 * @param loadingRetries how many times a failing row is retried
 * @param template the formatting template, {@code $chunk} by default
 * @param chunking the chunking configuration
 * @param embedding the embedding configuration
 * @param indexing the indexing configuration
 * @param loading the loading configuration
 * @param parsing the parsing configuration
 * @param destination the destination configuration
 * @param batchSize rows per batch, or {@code null} for the worker's default
 * @param concurrency batches in flight, or {@code null} for the worker's default
 * @param disabled whether the vectorizer is switched off
 */
public record VectorizerDefinition(int id, String name, String sourceSchema, String sourceTable,
		List<KeyColumn> primaryKey, String queueSchema, String queueTable, String failedQueueTable,
		String targetSchema, String targetTable, String loadingColumn, @Nullable String loadingColumnType,
		int loadingRetries, String template, Map<String, Object> chunking, Map<String, Object> embedding,
		Map<String, Object> indexing, Map<String, Object> loading, Map<String, Object> parsing,
		Map<String, Object> destination, @Nullable Integer batchSize, @Nullable Integer concurrency,
		boolean disabled) {

	/**
	 * A key column of the source.
	 * @param name the column
	 * @param type its type, as {@code format_type} renders it
	 */
	public record KeyColumn(String name, String type) {
	}

	/**
	 * The source column an {@code ai.destination_column} vectorizer writes each row's vector into.
	 * @return the column, or {@code null} for a vectorizer that writes a store table
	 */
	public @Nullable String embeddingColumn() {
		return "column".equals(this.destination.get("implementation"))
				? String.valueOf(this.destination.get("embedding_column")) : null;
	}

	/**
	 * The column holding the vectors in the target table: the store's {@code embedding}, or the
	 * source's embedding column.
	 * @return the column
	 */
	public String vectorColumn() {
		String column = embeddingColumn();
		return (column != null) ? column : "embedding";
	}

	/**
	 * The dimensions of the store's vectors.
	 * @return the embedding configuration's dimensions
	 */
	public int dimensions() {
		Object dimensions = this.embedding.get("dimensions");
		return (dimensions instanceof Number number) ? number.intValue() : 0;
	}

}
