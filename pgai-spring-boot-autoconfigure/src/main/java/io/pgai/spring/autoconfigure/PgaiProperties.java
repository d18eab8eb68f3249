package io.pgai.spring.autoconfigure;

import java.time.Duration;

import io.pgai.spring.Distance;
import io.pgai.spring.relationship.EmbeddingStoreSettings;
import io.pgai.spring.repository.IterativeScan;
import io.pgai.spring.vectorizer.worker.WorkerSettings;
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

	private final Search search = new Search();

	private final Vectorizer vectorizer = new Vectorizer();

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

	public Search getSearch() {
		return this.search;
	}

	public Vectorizer getVectorizer() {
		return this.vectorizer;
	}

	EmbeddingStoreSettings toSettings() {
		String schema = (this.schema != null && !this.schema.isBlank()) ? this.schema : null;
		return new EmbeddingStoreSettings(schema, this.tableNamePattern, this.fetch, this.parentFetch,
				this.search.getDistance());
	}

	/**
	 * Settings of the embedding repositories' searches.
	 */
	public static class Search {

		/**
		 * How nearness is measured unless a relationship sets its own distance; match the
		 * operator class of the stores' indexes.
		 */
		private Distance distance = Distance.COSINE;

		/**
		 * Largest number of results a single search may ask for.
		 */
		private int maxK = 1000;

		/**
		 * HNSW candidate list size (hnsw.ef_search) set for each search; the server's setting when
		 * unset.
		 */
		private @Nullable Integer efSearch;

		/**
		 * pgvector 0.8 iterative index scan for filtered searches, so that a selective filter still
		 * returns k rows.
		 */
		private IterativeScan iterativeScan = IterativeScan.STRICT_ORDER;

		public Distance getDistance() {
			return this.distance;
		}

		public void setDistance(Distance distance) {
			this.distance = distance;
		}

		public int getMaxK() {
			return this.maxK;
		}

		public void setMaxK(int maxK) {
			this.maxK = maxK;
		}

		public @Nullable Integer getEfSearch() {
			return this.efSearch;
		}

		public void setEfSearch(@Nullable Integer efSearch) {
			this.efSearch = efSearch;
		}

		public IterativeScan getIterativeScan() {
			return this.iterativeScan;
		}

		public void setIterativeScan(IterativeScan iterativeScan) {
			this.iterativeScan = iterativeScan;
		}

	}

	/**
	 * Settings of pgai vectorizers.
	 */
	public static class Vectorizer {

		/**
		 * Whether to install or upgrade pgai-spring's ai schema (pgai's vectorizer SQL API) at
		 * startup, before Flyway and JPA; a catalog installed by pgai itself is never touched.
		 */
		private boolean install = true;

		private final Worker worker = new Worker();

		public boolean isInstall() {
			return this.install;
		}

		public void setInstall(boolean install) {
			this.install = install;
		}

		public Worker getWorker() {
			return this.worker;
		}

	}

	/**
	 * Settings of the vectorizer worker that keeps the embedding stores in sync.
	 */
	public static class Worker {

		/**
		 * Whether the application runs the vectorizers of the catalog.
		 */
		private boolean enabled = true;

		/**
		 * How long a poll loop waits after finding its queue empty; also how often the catalog
		 * is re-read.
		 */
		private Duration pollInterval = Duration.ofSeconds(5);

		/**
		 * Source rows per batch unless a vectorizer's ai.processing_default sets batch_size.
		 */
		private int batchSize = 50;

		/**
		 * Batches in flight per vectorizer unless its ai.processing_default sets concurrency.
		 */
		private int concurrency = 1;

		/**
		 * How long a shutdown waits for batches in flight before interrupting them.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * How many times an unavailable embedding provider is called again within a batch.
		 */
		private int maxRetries = 4;

		/**
		 * First wait after a failure; it doubles with each further failure.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest wait after failures, also the cap on a provider's Retry-After.
		 */
		private Duration maxBackoff = Duration.ofMinutes(1);

		/**
		 * Connect timeout of embedding API calls.
		 */
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * Read timeout of embedding API calls.
		 */
		private Duration readTimeout = Duration.ofSeconds(60);

		/**
		 * How often a backfill's progress is logged.
		 */
		private Duration progressInterval = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public Duration getProgressInterval() {
			return this.progressInterval;
		}

		public void setProgressInterval(Duration progressInterval) {
			this.progressInterval = progressInterval;
		}

		WorkerSettings toSettings() {
			return new WorkerSettings(this.pollInterval, this.batchSize, this.concurrency, this.shutdownTimeout,
					this.initialBackoff, this.maxBackoff, this.progressInterval);
		}

	}

}
