package io.pgai.spring.vectorizer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.pgai.spring.sql.ChunkTextSearch;
import io.pgai.spring.sql.SqlQuoting;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;

/**
 * Builds an {@code ai.create_vectorizer(...)} call with every value rendered as a quoted literal,
 * for Flyway Java migrations, tests and startup messages:
 *
 * <pre class="code">
 * int id = CreateVectorizer.source("blog_posts")
 *     .loadingColumn("content")
 *     .embeddingOpenAi("text-embedding-3-small", 768)
 *     .chunkingRecursiveCharacterTextSplitter(50, 10)
 *     .execute(connection);
 * </pre>
 *
 * Argument names and defaults are pgai's; arguments left unset are left to the function.
 */
public final class CreateVectorizer {

	private final String source;

	private final Map<String, String> arguments = new LinkedHashMap<>();

	/** The text search configuration of the store's text index, added to the indexing configuration. */
	private @Nullable String textSearch;

	/** How the worker's vector index stores the vectors, added to the indexing configuration. */
	private IndexQuantization quantization = IndexQuantization.NONE;

	private CreateVectorizer(String source) {
		this.source = source;
	}

	/**
	 * Starts a vectorizer on a table of the search path.
	 * @param table the source table
	 * @return the builder
	 */
	public static CreateVectorizer source(String table) {
		return new CreateVectorizer(SqlQuoting.literal(SqlQuoting.identifierIfNeeded(table)) + "::regclass");
	}

	/**
	 * Starts a vectorizer on a table of a schema.
	 * @param schema the source table's schema
	 * @param table the source table
	 * @return the builder
	 */
	public static CreateVectorizer source(String schema, String table) {
		return new CreateVectorizer(
				SqlQuoting.literal(SqlQuoting.identifierIfNeeded(schema) + "." + SqlQuoting.identifierIfNeeded(table)) + "::regclass");
	}

	/**
	 * Names the vectorizer; pgai's default is {@code {target_schema}_{target_table}}.
	 * @param name the name, matching {@code ^[a-z][a-z_0-9]*$}
	 * @return this builder
	 */
	public CreateVectorizer name(String name) {
		return argument("name", SqlQuoting.literal(name));
	}

	/**
	 * Sets one configuration argument by calling its function, for implementations and parameters
	 * the other methods leave out:
	 * {@code config(VectorizerConfigFunction.EMBEDDING_VOYAGEAI, Map.of("model", "voyage-3", "dimensions", 1024))}
	 * sets {@code embedding => ai.embedding_voyageai('voyage-3', 1024)}.
	 * @param function the configuration function, which names the argument it sets
	 * @param arguments its arguments by SQL parameter name, each of its parameter's Java type
	 * @return this builder
	 * @throws IllegalArgumentException if an argument is unknown or of the wrong type, or a
	 * required one is missing
	 */
	public CreateVectorizer config(VectorizerConfigFunction function, Map<String, ?> arguments) {
		return argument(function.argument(), function.call(arguments));
	}

	/**
	 * Loads the text to embed from a column of the source.
	 * @param column the column
	 * @return this builder
	 */
	public CreateVectorizer loadingColumn(String column) {
		return config(VectorizerConfigFunction.LOADING_COLUMN, Map.of("column_name", column));
	}

	/**
	 * Loads the text to embed from a column, with a number of retries for failing rows.
	 * @param column the column
	 * @param retries how many times a row that fails to load is retried
	 * @return this builder
	 */
	public CreateVectorizer loadingColumn(String column, int retries) {
		return config(VectorizerConfigFunction.LOADING_COLUMN, Map.of("column_name", column, "retries", retries));
	}

	/**
	 * Embeds with OpenAI's API, the key in {@code OPENAI_API_KEY}.
	 * @param model the model
	 * @param dimensions the vector's dimensions
	 * @return this builder
	 */
	public CreateVectorizer embeddingOpenAi(String model, int dimensions) {
		return config(VectorizerConfigFunction.EMBEDDING_OPENAI, Map.of("model", model, "dimensions", dimensions));
	}

	/**
	 * Embeds with an OpenAI-compatible API.
	 * @param model the model
	 * @param dimensions the vector's dimensions
	 * @param apiKeyName the environment variable holding the API key
	 * @param baseUrl the API's base URL, or {@code null} for OpenAI's
	 * @return this builder
	 */
	public CreateVectorizer embeddingOpenAi(String model, int dimensions, String apiKeyName,
			@Nullable String baseUrl) {
		Map<String, Object> arguments = new LinkedHashMap<>(
				Map.of("model", model, "dimensions", dimensions, "api_key_name", apiKeyName));
		if (baseUrl != null) {
			arguments.put("base_url", baseUrl);
		}
		return config(VectorizerConfigFunction.EMBEDDING_OPENAI, arguments);
	}

	/**
	 * Embeds with Ollama's native API.
	 * @param model the model
	 * @param dimensions the vector's dimensions
	 * @param baseUrl Ollama's URL, or {@code null} for its default
	 * @return this builder
	 */
	public CreateVectorizer embeddingOllama(String model, int dimensions, @Nullable String baseUrl) {
		return config(VectorizerConfigFunction.EMBEDDING_OLLAMA, (baseUrl != null)
				? Map.of("model", model, "dimensions", dimensions, "base_url", baseUrl)
				: Map.of("model", model, "dimensions", dimensions));
	}

	/**
	 * Embeds with the worker's in-process model (pgai-spring's own {@code ai.embedding_local}).
	 * @param model the model, {@code all-MiniLM-L6-v2}
	 * @param dimensions the vector's dimensions, 384 for all-MiniLM-L6-v2
	 * @return this builder
	 */
	public CreateVectorizer embeddingLocal(String model, int dimensions) {
		return config(VectorizerConfigFunction.EMBEDDING_LOCAL, Map.of("model", model, "dimensions", dimensions));
	}

	/**
	 * Splits recursively on paragraphs, lines, sentences and words, as LangChain does.
	 * @param chunkSize the largest chunk, in characters
	 * @param chunkOverlap the characters shared by neighbouring chunks
	 * @return this builder
	 */
	public CreateVectorizer chunkingRecursiveCharacterTextSplitter(int chunkSize, int chunkOverlap) {
		return config(VectorizerConfigFunction.CHUNKING_RECURSIVE_CHARACTER_TEXT_SPLITTER,
				Map.of("chunk_size", chunkSize, "chunk_overlap", chunkOverlap));
	}

	/**
	 * Splits recursively on the given separators.
	 * @param chunkSize the largest chunk, in characters
	 * @param chunkOverlap the characters shared by neighbouring chunks
	 * @param separators the separators, tried in order
	 * @param separatorsAreRegex whether the separators are regular expressions
	 * @return this builder
	 */
	public CreateVectorizer chunkingRecursiveCharacterTextSplitter(int chunkSize, int chunkOverlap,
			List<String> separators, boolean separatorsAreRegex) {
		return config(VectorizerConfigFunction.CHUNKING_RECURSIVE_CHARACTER_TEXT_SPLITTER, Map.of("chunk_size",
				chunkSize, "chunk_overlap", chunkOverlap, "separators", separators, "is_separator_regex", separatorsAreRegex));
	}

	/**
	 * Splits on one separator.
	 * @param chunkSize the largest chunk, in characters
	 * @param chunkOverlap the characters shared by neighbouring chunks
	 * @param separator the separator
	 * @param separatorIsRegex whether the separator is a regular expression
	 * @return this builder
	 */
	public CreateVectorizer chunkingCharacterTextSplitter(int chunkSize, int chunkOverlap, String separator,
			boolean separatorIsRegex) {
		return config(VectorizerConfigFunction.CHUNKING_CHARACTER_TEXT_SPLITTER, Map.of("chunk_size", chunkSize,
				"chunk_overlap", chunkOverlap, "separator", separator, "is_separator_regex", separatorIsRegex));
	}

	/**
	 * Embeds each row's text whole.
	 * @return this builder
	 */
	public CreateVectorizer chunkingNone() {
		return config(VectorizerConfigFunction.CHUNKING_NONE, Map.of());
	}

	/**
	 * Formats each chunk before embedding; {@code $chunk} is the chunk, {@code $column} a column.
	 * @param template the template, containing {@code $chunk}
	 * @return this builder
	 */
	public CreateVectorizer formattingPythonTemplate(String template) {
		return config(VectorizerConfigFunction.FORMATTING_PYTHON_TEMPLATE, Map.of("template", template));
	}

	/**
	 * Names the destination as pgai does: the view is {@code destination} and the table
	 * {@code destination_store}; the default is {@code {source}_embedding}.
	 * @param destination the destination's name
	 * @return this builder
	 */
	public CreateVectorizer destination(String destination) {
		return config(VectorizerConfigFunction.DESTINATION_TABLE, Map.of("destination", destination));
	}

	/**
	 * Names the destination table.
	 * @param targetSchema the schema, or {@code null} for the source's
	 * @param targetTable the table
	 * @return this builder
	 */
	public CreateVectorizer destinationTable(@Nullable String targetSchema, String targetTable) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		if (targetSchema != null) {
			arguments.put("target_schema", targetSchema);
		}
		arguments.put("target_table", targetTable);
		return config(VectorizerConfigFunction.DESTINATION_TABLE, arguments);
	}

	/**
	 * Creates no vector index.
	 * @return this builder
	 */
	public CreateVectorizer indexingNone() {
		return config(VectorizerConfigFunction.INDEXING_NONE, Map.of());
	}

	/**
	 * Creates an HNSW index once the store has enough rows.
	 * @param minRows the rows from which the index is created
	 * @param opclass the operator class, {@code vector_cosine_ops} by default
	 * @return this builder
	 */
	public CreateVectorizer indexingHnsw(int minRows, String opclass) {
		return config(VectorizerConfigFunction.INDEXING_HNSW, Map.of("min_rows", minRows, "opclass", opclass));
	}

	/**
	 * Creates an HNSW index on quantized vectors once the store has enough rows: pgai's own
	 * indexing configuration with a {@code quantization} key, which pgai-spring's worker reads.
	 * @param minRows the rows from which the index is created
	 * @param opclass the distance's operator class on vectors, {@code vector_cosine_ops} by
	 * default; a halfvec index uses its halfvec counterpart, a binary one Hamming distance
	 * @param quantization how the index stores the vectors
	 * @return this builder
	 */
	public CreateVectorizer indexingHnsw(int minRows, String opclass, IndexQuantization quantization) {
		return indexingHnsw(minRows, opclass).indexQuantization(quantization);
	}

	/**
	 * Has pgai-spring's worker also create the GIN index that hybrid searches match the chunks
	 * with, {@code to_tsvector(config, chunk)}, once the backfill has caught up: a
	 * {@code text_search} key added to the indexing configuration, which pgai's own worker ignores.
	 * It joins the indexing set by {@link #indexingHnsw} or {@link #indexingNone}, else
	 * {@code ai.indexing_none()}.
	 * @param config the text search configuration, such as {@code english}; the one hybrid
	 * searches of the store use
	 * @return this builder
	 * @throws IllegalArgumentException if the name is not a plain, optionally qualified, identifier
	 */
	public CreateVectorizer textSearchIndex(String config) {
		this.textSearch = ChunkTextSearch.of(config).config();
		return this;
	}

	/**
	 * Has pgai-spring's worker build the HNSW index on quantized vectors: a {@code quantization}
	 * key added to the indexing configuration, which pgai's own worker ignores.
	 * @param quantization how the index stores the vectors; {@code NONE} adds no key
	 * @return this builder
	 */
	public CreateVectorizer indexQuantization(IndexQuantization quantization) {
		this.quantization = quantization;
		return this;
	}

	/**
	 * Sets the worker's batch size and concurrency for this vectorizer.
	 * @param batchSize rows per batch
	 * @param concurrency batches in flight
	 * @return this builder
	 */
	public CreateVectorizer processing(int batchSize, int concurrency) {
		return config(VectorizerConfigFunction.PROCESSING_DEFAULT,
				Map.of("batch_size", batchSize, "concurrency", concurrency));
	}

	/**
	 * Grants the roles what they need to search and to run the worker.
	 * @param roles the roles
	 * @return this builder
	 */
	public CreateVectorizer grantTo(String... roles) {
		return argument("grant_to",
				"ai.grant_to(" + Arrays.stream(roles).map(SqlQuoting::literal).collect(Collectors.joining(", ")) + ")");
	}

	/**
	 * Whether the source's existing rows are queued for embedding, {@code true} by default.
	 * @param enqueueExisting whether to backfill
	 * @return this builder
	 */
	public CreateVectorizer enqueueExisting(boolean enqueueExisting) {
		return argument("enqueue_existing", String.valueOf(enqueueExisting));
	}

	/**
	 * Puts the queue tables in a schema other than {@code ai}.
	 * @param schema the queue's schema
	 * @return this builder
	 */
	public CreateVectorizer queueSchema(String schema) {
		return argument("queue_schema", SqlQuoting.literal(schema));
	}

	/**
	 * Names the queue table; pgai's default is {@code _vectorizer_q_<id>}.
	 * @param table the queue table
	 * @return this builder
	 */
	public CreateVectorizer queueTable(String table) {
		return argument("queue_table", SqlQuoting.literal(table));
	}

	/**
	 * Returns the existing vectorizer's id instead of failing when the name is taken.
	 * @return this builder
	 */
	public CreateVectorizer ifNotExists() {
		return argument("if_not_exists", "true");
	}

	/**
	 * The call, one argument a line.
	 * @return {@code SELECT ai.create_vectorizer(...);}
	 */
	public String toSql() {
		StringBuilder sql = new StringBuilder("SELECT ai.create_vectorizer(\n    ").append(this.source);
		Map<String, String> arguments = new LinkedHashMap<>(this.arguments);
		if ((this.quantization != IndexQuantization.NONE || this.textSearch != null)
				&& arguments.getOrDefault("indexing", "").startsWith(VectorizerConfigFunction.INDEXING_DEFAULT.functionName())) {
			throw new IllegalStateException("ai.create_vectorizer replaces ai.indexing_default() with the indexing it "
					+ "resolves, which drops the quantization and text_search keys; use indexingHnsw or indexingNone");
		}
		if (this.quantization != IndexQuantization.NONE) {
			arguments.put("indexing", arguments.getOrDefault("indexing", "ai.indexing_none()")
					+ " || jsonb_build_object('quantization', " + SqlQuoting.literal(this.quantization.configValue()) + ")");
		}
		if (this.textSearch != null) {
			arguments.put("indexing", arguments.getOrDefault("indexing", "ai.indexing_none()")
					+ " || jsonb_build_object('text_search', " + SqlQuoting.literal(this.textSearch) + ")");
		}
		arguments.forEach((name, value) -> sql.append(",\n    ").append(name).append(" => ").append(value));
		return sql.append("\n);").toString();
	}

	/**
	 * Runs the call on a connection, such as a Flyway Java migration's.
	 * @param connection the connection
	 * @return the vectorizer's id
	 * @throws SQLException if the function rejects the call
	 */
	public int execute(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(toSql())) {
			rs.next();
			return rs.getInt(1);
		}
	}

	/**
	 * Runs the call with a {@link JdbcOperations}.
	 * @param jdbc the JDBC template
	 * @return the vectorizer's id
	 */
	public int execute(JdbcOperations jdbc) {
		Integer id = jdbc.queryForObject(toSql(), Integer.class);
		if (id == null) {
			throw new IllegalStateException("ai.create_vectorizer returned no id");
		}
		return id;
	}

	@Override
	public String toString() {
		return toSql();
	}

	private CreateVectorizer argument(String name, String value) {
		this.arguments.put(name, value);
		return this;
	}

}
