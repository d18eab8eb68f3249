package io.pgai.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pgai.spring.Distance;
import io.pgai.spring.Fetch;
import io.pgai.spring.repository.IterativeScan;
import io.pgai.spring.vectorizer.worker.WorkerSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of pgai embedding stores.
 */
@ConfigurationProperties("pgai")
@Validated
public class PgaiProperties {

	/**
	 * Schema of embedding stores whose parent table names no schema; the connection's default
	 * schema when unset.
	 */
	private @Nullable String schema;

	/**
	 * Table name of an embedding store, where {table} stands for the parent entity's table.
	 */
	@NotBlank
	private String tableNamePattern = "{table}_embedding_store";

	/**
	 * How entities load their embeddings unless a relationship sets its own fetch.
	 */
	private Fetch fetch = Fetch.LAZY;

	/**
	 * How embeddings load their parent entity unless a relationship sets its own parentFetch.
	 */
	private Fetch parentFetch = Fetch.LAZY;

	/**
	 * Whether to check at startup that every embedding store exists with pgai's columns and the
	 * mapped dimensions.
	 */
	private boolean validateStores = true;

	@Valid
	private final Search search = new Search();

	@Valid
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

	public Fetch getFetch() {
		return this.fetch;
	}

	public void setFetch(Fetch fetch) {
		this.fetch = fetch;
	}

	@AssertTrue(message = "must be lazy or eager; default stands for this property itself and is meant for "
			+ "@VectorizerRelationship(fetch = ...)")
	boolean isFetch() {
		return this.fetch != Fetch.DEFAULT;
	}

	public Fetch getParentFetch() {
		return this.parentFetch;
	}

	public void setParentFetch(Fetch parentFetch) {
		this.parentFetch = parentFetch;
	}

	@AssertTrue(message = "must be lazy or eager; default stands for this property itself and is meant for "
			+ "@VectorizerRelationship(parentFetch = ...)")
	boolean isParentFetch() {
		return this.parentFetch != Fetch.DEFAULT;
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
		@Min(1)
		private int maxK = 1000;

		/**
		 * HNSW candidate list size (hnsw.ef_search) of every search, raised to the rows a search
		 * needs; when unset, chosen per search from the store's size and its index's graph.
		 */
		@Min(1)
		@Max(1000)
		private @Nullable Integer efSearch;

		/**
		 * Candidates per result that a binary-quantized index yields for the exact re-rank.
		 */
		@Min(1)
		@Max(100)
		private int binaryOversampling = 10;

		/**
		 * pgvector 0.8 iterative index scan for filtered searches, so that a selective filter still
		 * returns k rows.
		 */
		private IterativeScan iterativeScan = IterativeScan.STRICT_ORDER;

		@Valid
		private final Hybrid hybrid = new Hybrid();

		/**
		 * JDBC URLs of streaming replicas of the application's database, on which searches outside
		 * read-write transactions run; credentials and pool settings are the application's.
		 */
		private List<String> replicas = new ArrayList<>();

		/**
		 * Replay lag beyond which a replica is skipped until it catches up.
		 */
		@DurationMin(millis = 1)
		private Duration maxReplicaLag = Duration.ofSeconds(5);

		/**
		 * How often each replica's health and replay position are checked.
		 */
		@DurationMin(millis = 10)
		private Duration replicaCheckInterval = Duration.ofSeconds(1);

		/**
		 * How long a search that reads its writes waits for a replica to replay them before it runs
		 * on the primary.
		 */
		private Duration readYourWritesTimeout = Duration.ofSeconds(1);

		/**
		 * How long a replica listed in replicas may take to answer a read (or a connection attempt)
		 * before it counts as not answering and the search reads elsewhere, so above the slowest
		 * search; whole seconds, as PgJDBC's socketTimeout and connectTimeout take them.
		 */
		@DurationMin(seconds = 1)
		@DurationMax(days = 1)
		private Duration replicaTimeout = Duration.ofSeconds(10);

		public Hybrid getHybrid() {
			return this.hybrid;
		}

		public List<String> getReplicas() {
			return this.replicas;
		}

		public void setReplicas(List<String> replicas) {
			this.replicas = replicas;
		}

		public Duration getMaxReplicaLag() {
			return this.maxReplicaLag;
		}

		public void setMaxReplicaLag(Duration maxReplicaLag) {
			this.maxReplicaLag = maxReplicaLag;
		}

		public Duration getReplicaCheckInterval() {
			return this.replicaCheckInterval;
		}

		public void setReplicaCheckInterval(Duration replicaCheckInterval) {
			this.replicaCheckInterval = replicaCheckInterval;
		}

		public Duration getReadYourWritesTimeout() {
			return this.readYourWritesTimeout;
		}

		public void setReadYourWritesTimeout(Duration readYourWritesTimeout) {
			this.readYourWritesTimeout = readYourWritesTimeout;
		}

		public Duration getReplicaTimeout() {
			return this.replicaTimeout;
		}

		public void setReplicaTimeout(Duration replicaTimeout) {
			this.replicaTimeout = replicaTimeout;
		}

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

		@AssertTrue(message = "must be cosine, euclidean or inner-product; default stands for this property "
				+ "itself and is meant for @VectorizerRelationship(distance = ...)")
		boolean isDistance() {
			return this.distance != Distance.DEFAULT;
		}

		public int getBinaryOversampling() {
			return this.binaryOversampling;
		}

		public void setBinaryOversampling(int binaryOversampling) {
			this.binaryOversampling = binaryOversampling;
		}

		public IterativeScan getIterativeScan() {
			return this.iterativeScan;
		}

		public void setIterativeScan(IterativeScan iterativeScan) {
			this.iterativeScan = iterativeScan;
		}

	}

	/**
	 * Settings of hybrid searches, which fuse a nearest-neighbour ranking and a full-text ranking.
	 */
	public static class Hybrid {

		/**
		 * Text search configuration that chunks are matched in (to_tsvector and
		 * websearch_to_tsquery) unless a relationship sets its own; when unset, the database's
		 * default_text_search_config.
		 */
		@Pattern(regexp = "([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z_][A-Za-z0-9_$]*",
				message = "must name a text search configuration of the database, such as english or simple")
		private @Nullable String textSearchConfig;

		/**
		 * Constant added to each rank in Reciprocal Rank Fusion, weight / (rrf-k + rank); larger
		 * values flatten the difference between ranks.
		 */
		@Min(1)
		private int rrfK = 60;

		/**
		 * Chunks each ranking yields for the fusion, at least k; when unset, 4 per result and at
		 * least 40.
		 */
		@Min(1)
		@Max(1000)
		private @Nullable Integer candidates;

		/**
		 * Weight of the nearest-neighbour ranking in the fused score.
		 */
		@DecimalMin("0")
		private double vectorWeight = 1;

		/**
		 * Weight of the full-text ranking in the fused score.
		 */
		@DecimalMin("0")
		private double textWeight = 1;

		public @Nullable String getTextSearchConfig() {
			return this.textSearchConfig;
		}

		public void setTextSearchConfig(@Nullable String textSearchConfig) {
			this.textSearchConfig = textSearchConfig;
		}

		public int getRrfK() {
			return this.rrfK;
		}

		public void setRrfK(int rrfK) {
			this.rrfK = rrfK;
		}

		public @Nullable Integer getCandidates() {
			return this.candidates;
		}

		public void setCandidates(@Nullable Integer candidates) {
			this.candidates = candidates;
		}

		public double getVectorWeight() {
			return this.vectorWeight;
		}

		public void setVectorWeight(double vectorWeight) {
			this.vectorWeight = vectorWeight;
		}

		public double getTextWeight() {
			return this.textWeight;
		}

		public void setTextWeight(double textWeight) {
			this.textWeight = textWeight;
		}

		@AssertTrue(message = "vector-weight and text-weight must be finite and not both 0")
		boolean isWeighted() {
			return Double.isFinite(this.vectorWeight) && Double.isFinite(this.textWeight)
					&& (this.vectorWeight > 0 || this.textWeight > 0);
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

		@Valid
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
		@DurationMin(millis = 1)
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * Source rows per batch unless a vectorizer's ai.processing_default sets batch_size.
		 */
		@Min(1)
		@Max(2048)
		private int batchSize = 50;

		/**
		 * Batches in flight per vectorizer unless its ai.processing_default sets concurrency.
		 */
		@Min(1)
		@Max(50)
		private int concurrency = 1;

		/**
		 * How long a shutdown waits for batches in flight before interrupting them.
		 */
		@DurationMin(millis = 0)
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * How many times an unavailable embedding provider is called again within a batch.
		 */
		@Min(0)
		private int maxRetries = 4;

		/**
		 * First wait after a failure; it doubles with each further failure.
		 */
		@DurationMin(millis = 1)
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest wait after failures, also the cap on a provider's Retry-After.
		 */
		@DurationMin(millis = 1)
		private Duration maxBackoff = Duration.ofMinutes(1);

		/**
		 * Connect timeout of embedding API calls.
		 */
		@DurationMin(millis = 1)
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * Read timeout of embedding API calls.
		 */
		@DurationMin(millis = 1)
		private Duration readTimeout = Duration.ofSeconds(60);

		/**
		 * How often a backfill's progress is logged.
		 */
		@DurationMin(millis = 1)
		private Duration progressInterval = Duration.ofSeconds(10);

		/**
		 * Base URL of Voyage AI's API for ai.embedding_voyageai vectorizers, whose configuration has none.
		 */
		@NotBlank
		private String voyageBaseUrl = "https://api.voyageai.com/v1";

		@Valid
		private final WorkerDataSource datasource = new WorkerDataSource();

		@Valid
		private final WorkerDocuments documents = new WorkerDocuments();

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

		public String getVoyageBaseUrl() {
			return this.voyageBaseUrl;
		}

		public void setVoyageBaseUrl(String voyageBaseUrl) {
			this.voyageBaseUrl = voyageBaseUrl;
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

		public WorkerDataSource getDatasource() {
			return this.datasource;
		}

		public WorkerDocuments getDocuments() {
			return this.documents;
		}

		@AssertTrue(message = "must not be shorter than pgai.vectorizer.worker.initial-backoff")
		boolean isMaxBackoff() {
			return this.maxBackoff == null || this.initialBackoff == null
					|| this.maxBackoff.compareTo(this.initialBackoff) >= 0;
		}

		WorkerSettings toSettings() {
			return new WorkerSettings(this.pollInterval, this.batchSize, this.concurrency, this.shutdownTimeout,
					this.initialBackoff, this.maxBackoff, this.progressInterval);
		}

	}

	/**
	 * How the worker reads the documents of {@code ai.loading_uri} vectorizers.
	 */
	public static class WorkerDocuments {

		/**
		 * Whether ai.loading_uri may read files of the worker's machine (file: URIs and paths), which any role that writes the source table could then name.
		 */
		private boolean readFiles = false;

		/**
		 * Largest document read from a URI; a larger one fails its row.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(64);

		/**
		 * S3-compatible endpoint (MinIO, for one) to read s3: URIs from, addressed path-style; AWS's own when unset.
		 */
		private @Nullable String s3Endpoint;

		public @Nullable String getS3Endpoint() {
			return this.s3Endpoint;
		}

		public void setS3Endpoint(@Nullable String s3Endpoint) {
			this.s3Endpoint = s3Endpoint;
		}

		public boolean isReadFiles() {
			return this.readFiles;
		}

		public void setReadFiles(boolean readFiles) {
			this.readFiles = readFiles;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		@AssertTrue(message = "must be at least 1 byte")
		boolean isMaxSize() {
			return this.maxSize.toBytes() > 0;
		}

	}

	/**
	 * The vectorizer worker's own connection pool, made from the application's DataSource
	 * settings unless a {@link VectorizerDataSource} bean is declared.
	 */
	public static class WorkerDataSource {

		/**
		 * JDBC URL of the worker's database; the application DataSource's when unset.
		 */
		private @Nullable String url;

		/**
		 * Login user of the worker's connections; the application DataSource's when unset.
		 */
		private @Nullable String username;

		/**
		 * Login password of the worker's connections; the application DataSource's when unset.
		 */
		private @Nullable String password;

		/**
		 * Most connections of the worker's pool; when unset, the pool grows to one per batch in
		 * flight across all vectorizers, plus two.
		 */
		@Min(1)
		private @Nullable Integer maximumPoolSize;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable Integer getMaximumPoolSize() {
			return this.maximumPoolSize;
		}

		public void setMaximumPoolSize(@Nullable Integer maximumPoolSize) {
			this.maximumPoolSize = maximumPoolSize;
		}

	}

}
