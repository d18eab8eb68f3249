package io.pgai.spring.vectorizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.pgai.spring.sql.SqlQuoting;

/**
 * The configuration functions of pgai 0.12.1's vectorizer SQL API, one per implementation of a
 * {@code ai.create_vectorizer} argument ({@code ai.embedding_openai}, {@code ai.chunking_none},
 * ...), with their parameters: the one description of that API from which {@link CreateVectorizer}
 * and the Liquibase change types render their calls and check their arguments.
 * {@code ai.embedding_local} is pgai-spring's own.
 */
public enum VectorizerConfigFunction {

	/** {@code ai.loading_column}: the text, or a document's bytes, from a column of the source. */
	LOADING_COLUMN("loading", "column", 1, required("column_name", Type.NAME), optional("retries", Type.INTEGER)),

	/** {@code ai.loading_uri}: the document a column of the source names. */
	LOADING_URI("loading", "uri", 1, required("column_name", Type.NAME), optional("retries", Type.INTEGER),
			optional("aws_role_arn", Type.TEXT)),

	/** {@code ai.parsing_auto}: documents are parsed by their type. */
	PARSING_AUTO("parsing", "auto", 0),

	/** {@code ai.parsing_none}: what is loaded is the text. */
	PARSING_NONE("parsing", "none", 0),

	/** {@code ai.parsing_pymupdf}: documents are parsed (by Apache Tika in pgai-spring). */
	PARSING_PYMUPDF("parsing", "pymupdf", 0),

	/** {@code ai.parsing_docling}: documents are parsed (by Apache Tika in pgai-spring). */
	PARSING_DOCLING("parsing", "docling", 0),

	/** {@code ai.destination_table}: chunks go to a store table, read through a view. */
	DESTINATION_TABLE("destination", "table", 0, optional("destination", Type.NAME),
			optional("target_schema", Type.NAME), optional("target_table", Type.NAME),
			optional("view_schema", Type.NAME), optional("view_name", Type.NAME)),

	/** {@code ai.destination_column}: one embedding per row, in a column of the source. */
	DESTINATION_COLUMN("destination", "column", 1, required("embedding_column", Type.NAME)),

	/** {@code ai.chunking_recursive_character_text_splitter}: LangChain's recursive splitter. */
	CHUNKING_RECURSIVE_CHARACTER_TEXT_SPLITTER("chunking", "recursive_character_text_splitter", 4,
			optional("chunk_size", Type.INTEGER), optional("chunk_overlap", Type.INTEGER),
			optional("separators", Type.TEXT_ARRAY), optional("is_separator_regex", Type.BOOLEAN)),

	/** {@code ai.chunking_character_text_splitter}: splits on one separator. */
	CHUNKING_CHARACTER_TEXT_SPLITTER("chunking", "character_text_splitter", 4, optional("chunk_size", Type.INTEGER),
			optional("chunk_overlap", Type.INTEGER), optional("separator", Type.TEXT),
			optional("is_separator_regex", Type.BOOLEAN)),

	/** {@code ai.chunking_none}: each row's text is embedded whole. */
	CHUNKING_NONE("chunking", "none", 0),

	/** {@code ai.formatting_python_template}: {@code $chunk} and {@code $column} placeholders. */
	FORMATTING_PYTHON_TEMPLATE("formatting", "python_template", 1, optional("template", Type.TEXT)),

	/** {@code ai.embedding_openai}: OpenAI's API or a compatible one. */
	EMBEDDING_OPENAI("embedding", "openai", 2, required("model", Type.TEXT), required("dimensions", Type.INTEGER),
			optional("chat_user", Type.TEXT), optional("api_key_name", Type.TEXT), optional("base_url", Type.TEXT)),

	/** {@code ai.embedding_ollama}: Ollama's native API. */
	EMBEDDING_OLLAMA("embedding", "ollama", 2, required("model", Type.TEXT), required("dimensions", Type.INTEGER),
			optional("base_url", Type.TEXT), optional("options", Type.JSONB), optional("keep_alive", Type.TEXT)),

	/** {@code ai.embedding_voyageai}: Voyage AI's API. */
	EMBEDDING_VOYAGEAI("embedding", "voyageai", 2, required("model", Type.TEXT), required("dimensions", Type.INTEGER),
			optional("input_type", Type.TEXT), optional("api_key_name", Type.TEXT)),

	/** {@code ai.embedding_litellm}: a provider through LiteLLM's naming. */
	EMBEDDING_LITELLM("embedding", "litellm", 2, required("model", Type.TEXT), required("dimensions", Type.INTEGER),
			optional("api_key_name", Type.TEXT), optional("extra_options", Type.JSONB)),

	/** {@code ai.embedding_sentence_transformers}: a model run by pgai's Python worker. */
	EMBEDDING_SENTENCE_TRANSFORMERS("embedding", "sentence_transformers", 2, optional("model", Type.TEXT),
			optional("dimensions", Type.INTEGER)),

	/** {@code ai.embedding_local}: pgai-spring's in-process ONNX model. */
	EMBEDDING_LOCAL("embedding", "local", 2, optional("model", Type.TEXT), optional("dimensions", Type.INTEGER)),

	/** {@code ai.indexing_default}: resolved when the vectorizer is made. */
	INDEXING_DEFAULT("indexing", "default", 0),

	/** {@code ai.indexing_none}: no vector index. */
	INDEXING_NONE("indexing", "none", 0),

	/** {@code ai.indexing_hnsw}: pgvector's HNSW index, once the store has enough rows. */
	INDEXING_HNSW("indexing", "hnsw", 2, optional("min_rows", Type.INTEGER), optional("opclass", Type.TEXT),
			optional("m", Type.INTEGER), optional("ef_construction", Type.INTEGER),
			optional("create_when_queue_empty", Type.BOOLEAN)),

	/** {@code ai.indexing_diskann}: pgvectorscale's index (needs TimescaleDB scheduling). */
	INDEXING_DISKANN("indexing", "diskann", 1, optional("min_rows", Type.INTEGER),
			optional("storage_layout", Type.TEXT), optional("num_neighbors", Type.INTEGER),
			optional("search_list_size", Type.INTEGER), optional("max_alpha", Type.DOUBLE),
			optional("num_dimensions", Type.INTEGER), optional("num_bits_per_dimension", Type.INTEGER),
			optional("create_when_queue_empty", Type.BOOLEAN)),

	/** {@code ai.scheduling_default}: resolved when the vectorizer is made. */
	SCHEDULING_DEFAULT("scheduling", "default", 0),

	/** {@code ai.scheduling_none}: workers poll the queue. */
	SCHEDULING_NONE("scheduling", "none", 0),

	/** {@code ai.scheduling_timescaledb}: a TimescaleDB job runs the vectorizer. */
	SCHEDULING_TIMESCALEDB("scheduling", "timescaledb", 0, optional("schedule_interval", Type.INTERVAL),
			optional("initial_start", Type.TIMESTAMPTZ), optional("fixed_schedule", Type.BOOLEAN),
			optional("timezone", Type.TEXT)),

	/** {@code ai.processing_default}: the worker's batch size and concurrency. */
	PROCESSING_DEFAULT("processing", "default", 0, optional("batch_size", Type.INTEGER),
			optional("concurrency", Type.INTEGER));

	private final String argument;

	private final String implementation;

	/** How many leading parameters are written without their names when given in order. */
	private final int positional;

	private final List<Parameter> parameters;

	VectorizerConfigFunction(String argument, String implementation, int positional, Parameter... parameters) {
		this.argument = argument;
		this.implementation = implementation;
		this.positional = positional;
		this.parameters = List.of(parameters);
	}

	/**
	 * The {@code ai.create_vectorizer} argument the function's result is given to.
	 * @return {@code loading}, {@code parsing}, {@code destination}, {@code chunking},
	 * {@code formatting}, {@code embedding}, {@code indexing}, {@code scheduling} or {@code processing}
	 */
	public String argument() {
		return this.argument;
	}

	/**
	 * The {@code implementation} key of the configuration the function returns.
	 * @return such as {@code openai} or {@code recursive_character_text_splitter}
	 */
	public String implementation() {
		return this.implementation;
	}

	/**
	 * The function's qualified name.
	 * @return such as {@code ai.embedding_openai}
	 */
	public String functionName() {
		return "ai." + this.argument + "_" + this.implementation;
	}

	/**
	 * The function's parameters, in their SQL order.
	 * @return the parameters
	 */
	public List<Parameter> parameters() {
		return this.parameters;
	}

	/**
	 * Finds a parameter by its SQL name.
	 * @param name such as {@code chunk_size}
	 * @return the parameter, if the function has it
	 */
	public Optional<Parameter> parameter(String name) {
		return this.parameters.stream().filter((parameter) -> parameter.name().equals(name)).findFirst();
	}

	/**
	 * Finds the function of an implementation.
	 * @param argument the {@code ai.create_vectorizer} argument, such as {@code embedding}
	 * @param implementation the implementation, such as {@code openai}
	 * @return the function, if pgai has it
	 */
	public static Optional<VectorizerConfigFunction> of(String argument, String implementation) {
		return Arrays.stream(values())
			.filter((function) -> function.argument.equals(argument) && function.implementation.equals(implementation))
			.findFirst();
	}

	/**
	 * The implementations of an argument, such as {@code openai, ollama, ...} for {@code embedding}.
	 * @param argument the {@code ai.create_vectorizer} argument
	 * @return the implementations, in declaration order
	 */
	public static List<String> implementations(String argument) {
		return Arrays.stream(values())
			.filter((function) -> function.argument.equals(argument))
			.map(VectorizerConfigFunction::implementation)
			.toList();
	}

	/**
	 * Renders a call: the leading arguments given in order without their names, as pgai's
	 * documentation writes them ({@code ai.embedding_openai('text-embedding-3-small', 768)}), the
	 * others by name; arguments left out are left to the function's defaults.
	 * @param arguments the arguments by SQL parameter name, each of its parameter's
	 * {@link Type#javaType() Java type}
	 * @return the call
	 * @throws IllegalArgumentException if an argument is unknown or of the wrong type, or a
	 * required one is missing
	 */
	public String call(Map<String, ?> arguments) {
		for (String name : arguments.keySet()) {
			if (parameter(name).isEmpty()) {
				throw new IllegalArgumentException(functionName() + " has no parameter " + name + "; it has "
						+ (this.parameters.isEmpty() ? "none"
								: this.parameters.stream().map(Parameter::name).collect(Collectors.joining(", "))));
			}
		}
		List<String> rendered = new ArrayList<>();
		boolean inOrder = true;
		for (int i = 0; i < this.parameters.size(); i++) {
			Parameter parameter = this.parameters.get(i);
			Object value = arguments.get(parameter.name());
			if (value == null) {
				if (parameter.required()) {
					throw new IllegalArgumentException(functionName() + " needs " + parameter.name());
				}
				inOrder = false;
				continue;
			}
			String sql = parameter.type().render(functionName() + "'s " + parameter.name(), value);
			rendered.add((inOrder && i < this.positional) ? sql : parameter.name() + " => " + sql);
		}
		return functionName() + "(" + String.join(", ", rendered) + ")";
	}

	private static Parameter required(String name, Type type) {
		return new Parameter(name, type, true);
	}

	private static Parameter optional(String name, Type type) {
		return new Parameter(name, type, false);
	}

	/**
	 * A parameter of a configuration function.
	 * @param name its SQL name, such as {@code chunk_size}
	 * @param type its SQL type
	 * @param required whether the function has no default for it
	 */
	public record Parameter(String name, Type type, boolean required) {
	}

	/**
	 * The SQL types of the parameters, each taken from one Java type.
	 */
	public enum Type {

		/** {@code text}, from a {@link String}. */
		TEXT(String.class),

		/** {@code name}, from a {@link String}. */
		NAME(String.class),

		/** {@code integer}, from an {@link Integer}. */
		INTEGER(Integer.class),

		/** {@code double precision}, from a {@link Double}. */
		DOUBLE(Double.class),

		/** {@code boolean}, from a {@link Boolean}. */
		BOOLEAN(Boolean.class),

		/** {@code text[]}, from a {@link List} of strings. */
		TEXT_ARRAY(List.class),

		/** {@code jsonb}, from a {@link String} holding a JSON document. */
		JSONB(String.class),

		/** {@code interval}, from a {@link String} such as {@code 5 minutes}. */
		INTERVAL(String.class),

		/** {@code timestamp with time zone}, from a {@link String} such as {@code 2026-01-01T00:00:00Z}. */
		TIMESTAMPTZ(String.class);

		private final Class<?> javaType;

		Type(Class<?> javaType) {
			this.javaType = javaType;
		}

		/**
		 * The Java type of the values.
		 * @return the type
		 */
		public Class<?> javaType() {
			return this.javaType;
		}

		String render(String what, Object value) {
			if (!this.javaType.isInstance(value)) {
				throw new IllegalArgumentException(what + " takes " + this.javaType.getSimpleName() + " values, not "
						+ value.getClass().getSimpleName() + " " + value);
			}
			return switch (this) {
				case TEXT, NAME -> SqlQuoting.literal((String) value);
				case INTEGER, DOUBLE, BOOLEAN -> value.toString();
				case TEXT_ARRAY -> SqlQuoting.textArray(((List<?>) value).stream().map((element) -> {
					if (!(element instanceof String text)) {
						throw new IllegalArgumentException(what + " takes strings, not " + element);
					}
					return text;
				}).toList());
				case JSONB, INTERVAL, TIMESTAMPTZ ->
					SqlQuoting.literal((String) value) + "::" + name().toLowerCase(Locale.ROOT);
			};
		}

	}

}
