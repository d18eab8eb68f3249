package io.pgai.spring.liquibase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pgai.spring.sql.ChunkTextSearch;
import io.pgai.spring.vectorizer.CreateVectorizer;
import io.pgai.spring.vectorizer.IndexQuantization;
import io.pgai.spring.vectorizer.VectorizerConfigFunction;
import liquibase.change.AbstractChange;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.ChangeParameterMetaData;
import liquibase.change.CheckSum;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.resource.ResourceAccessor;
import liquibase.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * The {@code createVectorizer} change type: pgai's {@code ai.create_vectorizer(...)} in a
 * Liquibase changelog, rendered by {@link CreateVectorizer}, with {@code dropVectorizer} (store
 * and view included) as its automatic rollback.
 *
 * <pre class="code">
 * &lt;pgai:createVectorizer tableName="blog_posts"&gt;
 *     &lt;pgai:loading implementation="column" columnName="content"/&gt;
 *     &lt;pgai:embedding implementation="openai" model="text-embedding-3-small" dimensions="768"/&gt;
 *     &lt;pgai:chunking implementation="recursive_character_text_splitter" chunkSize="50" chunkOverlap="10"/&gt;
 * &lt;/pgai:createVectorizer&gt;
 * </pre>
 *
 * Each configuration element names pgai's function by its {@code implementation} and takes the
 * function's parameters as camel-case attributes; what is left out is left to pgai's defaults.
 */
@DatabaseChange(name = "createVectorizer", priority = ChangeMetaData.PRIORITY_DEFAULT, appliesTo = "table",
		description = "Creates a pgai vectorizer with ai.create_vectorizer: a store table and view of embeddings "
				+ "of a table's rows, kept up to date by the worker")
public class CreateVectorizerChange extends AbstractChange {

	/** The XML namespace of pgai-spring's change types. */
	public static final String NAMESPACE = "https://pgai.io/xml/ns/spring-liquibase";

	private static final String POSTGRESQL = "postgresql";

	/** pgai's check on vectorizer names, with PostgreSQL's length of a name. */
	private static final Pattern VALID_NAME = Pattern.compile("[a-z][a-z_0-9]{0,62}");

	private @Nullable String schemaName;

	private @Nullable String tableName;

	private @Nullable String name;

	private @Nullable VectorizerConfigElement destination;

	private @Nullable VectorizerConfigElement loading;

	private @Nullable VectorizerConfigElement parsing;

	private @Nullable VectorizerConfigElement embedding;

	private @Nullable VectorizerConfigElement chunking;

	private @Nullable VectorizerConfigElement indexing;

	private @Nullable VectorizerConfigElement formatting;

	private @Nullable VectorizerConfigElement scheduling;

	private @Nullable VectorizerConfigElement processing;

	private @Nullable String queueSchema;

	private @Nullable String queueTable;

	private @Nullable String grantTo;

	private @Nullable Boolean enqueueExisting;

	private @Nullable Boolean ifNotExists;

	/** What loading found wrong that the typed fields cannot keep: unknown attributes, bad booleans. */
	private final List<String> loadProblems = new ArrayList<>();

	@DatabaseChangeProperty(description = "Schema of the source table; the search path finds it when left out",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL)
	public @Nullable String getSchemaName() {
		return this.schemaName;
	}

	public void setSchemaName(@Nullable String schemaName) {
		this.schemaName = schemaName;
	}

	@DatabaseChangeProperty(description = "The source table, whose rows are embedded (pgai's source)",
			requiredForDatabase = ChangeParameterMetaData.ALL, supportsDatabase = POSTGRESQL,
			mustEqualExisting = "table")
	public @Nullable String getTableName() {
		return this.tableName;
	}

	public void setTableName(@Nullable String tableName) {
		this.tableName = tableName;
	}

	@DatabaseChangeProperty(description = "The vectorizer's name; pgai's default is {target_schema}_{target_table}",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL)
	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	@DatabaseChangeProperty(description = "Where the embeddings go: implementation table (a store table and view) "
			+ "or column (a column of the source)", requiredForDatabase = ChangeParameterMetaData.NONE,
			supportsDatabase = POSTGRESQL, serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getDestination() {
		return this.destination;
	}

	public void setDestination(@Nullable VectorizerConfigElement destination) {
		this.destination = destination;
	}

	@DatabaseChangeProperty(description = "What is embedded: implementation column or uri", requiredForDatabase =
			ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL,
			serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getLoading() {
		return this.loading;
	}

	public void setLoading(@Nullable VectorizerConfigElement loading) {
		this.loading = loading;
	}

	@DatabaseChangeProperty(description = "How documents are parsed: implementation auto, none, pymupdf or docling",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL,
			serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getParsing() {
		return this.parsing;
	}

	public void setParsing(@Nullable VectorizerConfigElement parsing) {
		this.parsing = parsing;
	}

	@DatabaseChangeProperty(description = "The embedding model: implementation openai, ollama, voyageai, litellm, "
			+ "sentence_transformers or local", requiredForDatabase = ChangeParameterMetaData.NONE,
			supportsDatabase = POSTGRESQL, serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getEmbedding() {
		return this.embedding;
	}

	public void setEmbedding(@Nullable VectorizerConfigElement embedding) {
		this.embedding = embedding;
	}

	@DatabaseChangeProperty(description = "How the text is split: implementation recursive_character_text_splitter, "
			+ "character_text_splitter or none", requiredForDatabase = ChangeParameterMetaData.NONE,
			supportsDatabase = POSTGRESQL, serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getChunking() {
		return this.chunking;
	}

	public void setChunking(@Nullable VectorizerConfigElement chunking) {
		this.chunking = chunking;
	}

	@DatabaseChangeProperty(description = "The vector index: implementation default, none, hnsw or diskann; "
			+ "pgai-spring's quantization and textSearch attributes", requiredForDatabase = ChangeParameterMetaData.NONE,
			supportsDatabase = POSTGRESQL, serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getIndexing() {
		return this.indexing;
	}

	public void setIndexing(@Nullable VectorizerConfigElement indexing) {
		this.indexing = indexing;
	}

	@DatabaseChangeProperty(description = "How each chunk is formatted before embedding: implementation "
			+ "python_template", requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL,
			serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getFormatting() {
		return this.formatting;
	}

	public void setFormatting(@Nullable VectorizerConfigElement formatting) {
		this.formatting = formatting;
	}

	@DatabaseChangeProperty(description = "When the vectorizer runs: implementation default, none or timescaledb",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL,
			serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getScheduling() {
		return this.scheduling;
	}

	public void setScheduling(@Nullable VectorizerConfigElement scheduling) {
		this.scheduling = scheduling;
	}

	@DatabaseChangeProperty(description = "The worker's batch size and concurrency: implementation default",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL,
			serializationType = SerializationType.NESTED_OBJECT)
	public @Nullable VectorizerConfigElement getProcessing() {
		return this.processing;
	}

	public void setProcessing(@Nullable VectorizerConfigElement processing) {
		this.processing = processing;
	}

	@DatabaseChangeProperty(description = "Schema of the queue tables, ai by default",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL)
	public @Nullable String getQueueSchema() {
		return this.queueSchema;
	}

	public void setQueueSchema(@Nullable String queueSchema) {
		this.queueSchema = queueSchema;
	}

	@DatabaseChangeProperty(description = "Name of the queue table, _vectorizer_q_<id> by default",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL)
	public @Nullable String getQueueTable() {
		return this.queueTable;
	}

	public void setQueueTable(@Nullable String queueTable) {
		this.queueTable = queueTable;
	}

	@DatabaseChangeProperty(description = "Roles granted what they need to search and run the worker, "
			+ "comma-separated (in YAML and JSON also a list); pgai's ai.grant_to_default setting is added",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL)
	public @Nullable String getGrantTo() {
		return this.grantTo;
	}

	public void setGrantTo(@Nullable String grantTo) {
		this.grantTo = grantTo;
	}

	@DatabaseChangeProperty(description = "Whether the existing rows are queued for embedding, true by default",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL)
	public @Nullable Boolean getEnqueueExisting() {
		return this.enqueueExisting;
	}

	public void setEnqueueExisting(@Nullable Boolean enqueueExisting) {
		this.enqueueExisting = enqueueExisting;
	}

	@DatabaseChangeProperty(description = "Whether a vectorizer of the same name is kept instead of failing",
			requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL)
	public @Nullable Boolean getIfNotExists() {
		return this.ifNotExists;
	}

	public void setIfNotExists(@Nullable Boolean ifNotExists) {
		this.ifNotExists = ifNotExists;
	}

	@Override
	protected void customLoadLogic(ParsedNode parsedNode, ResourceAccessor resourceAccessor)
			throws ParsedNodeException {
		ParsedNode roles = parsedNode.getChild(null, "grantTo");
		if (roles != null && roles.getValue() instanceof List<?> list) {
			this.grantTo = list.stream().map(String::valueOf).collect(Collectors.joining(","));
		}
		Set<String> known = getSerializableFields();
		for (ParsedNode child : parsedNode.getChildren()) {
			if (!known.contains(child.getName())) {
				this.loadProblems.add(child.getName() + ": createVectorizer has no such attribute; it has "
						+ String.join(", ", known) + ".");
			}
		}
		for (String flag : List.of("enqueueExisting", "ifNotExists")) {
			checkBoolean(parsedNode, flag).ifPresent(this.loadProblems::add);
		}
	}

	@Override
	public boolean supports(Database database) {
		return database instanceof PostgresDatabase;
	}

	@Override
	public ValidationErrors validate(Database database) {
		ValidationErrors errors = new ValidationErrors(this);
		errors.checkRequiredField("tableName", this.tableName);
		problems().forEach(errors::addError);
		if (errors.hasErrors()) {
			return errors;
		}
		return errors.addAll(super.validate(database));
	}

	@Override
	public Warnings warn(Database database) {
		// Liquibase asks for warnings before it validates; an invalid change has no statements to warn of
		return (this.tableName == null || !problems().isEmpty()) ? new Warnings() : super.warn(database);
	}

	@Override
	public boolean generateStatementsVolatile(Database database) {
		// the call is rendered from the changelog alone, so updateSql prints it without a database
		return false;
	}

	@Override
	public boolean generateRollbackStatementsVolatile(Database database) {
		return false;
	}

	/**
	 * What is wrong with the change, each naming the attribute and the fix.
	 */
	private List<String> problems() {
		List<String> problems = new ArrayList<>(this.loadProblems);
		if (this.name != null && !VALID_NAME.matcher(this.name).matches()) {
			problems.add("name: '" + this.name + "' is not a vectorizer name; pgai takes lower-case letters, digits "
					+ "and underscores, starting with a letter, at most 63 characters.");
		}
		for (String field : getSerializableFields()) {
			Object value = getSerializableFieldValue(field);
			if (value instanceof String text && text.contains("${")) {
				problems.add(field + ": '" + text + "' holds a changelog parameter Liquibase did not replace; define "
						+ "it (spring.liquibase.parameters.*, or -D on the command line).");
			}
		}
		if (this.loading == null) {
			problems.add("loading is required: add a loading element, such as implementation column with "
					+ "columnName, the column to embed.");
		}
		if (this.embedding == null) {
			problems.add("embedding is required: add an embedding element, such as implementation openai "
					+ "with model and dimensions.");
		}
		for (VectorizerConfigElement element : elements().values()) {
			problems.addAll(element.problems());
		}
		checkChunkSizes(problems);
		checkIndexingAdditions(problems);
		if (this.grantTo != null && roles().stream().anyMatch(String::isEmpty)) {
			problems.add("grantTo: '" + this.grantTo + "' has an empty role name; list roles separated by commas.");
		}
		return problems;
	}

	@Override
	public SqlStatement[] generateStatements(Database database) {
		return new SqlStatement[] { DropVectorizerChange.statement(toCreateVectorizer().toSql()) };
	}

	/**
	 * The call the change runs, built by the builder Java migrations use.
	 * @return the builder, set from this change's attributes
	 * @throws IllegalArgumentException if the change is not valid
	 */
	public CreateVectorizer toCreateVectorizer() {
		String table = requireTableName();
		CreateVectorizer call = (this.schemaName != null) ? CreateVectorizer.source(this.schemaName, table)
				: CreateVectorizer.source(table);
		if (this.name != null) {
			call.name(this.name);
		}
		elements().values().forEach((element) -> call.config(element.function()
			.orElseThrow(() -> new IllegalArgumentException(String.join(" ", element.problems()))), element.arguments()));
		if (this.indexing != null) {
			Object quantization = this.indexing.attribute("quantization");
			if (quantization != null) {
				call.indexQuantization(IndexQuantization.of(quantization.toString()));
			}
			Object textSearch = this.indexing.attribute("textSearch");
			if (textSearch != null) {
				call.textSearchIndex(textSearch.toString());
			}
		}
		if (this.queueSchema != null) {
			call.queueSchema(this.queueSchema);
		}
		if (this.queueTable != null) {
			call.queueTable(this.queueTable);
		}
		if (this.grantTo != null) {
			call.grantTo(roles().toArray(String[]::new));
		}
		if (this.enqueueExisting != null) {
			call.enqueueExisting(this.enqueueExisting);
		}
		if (Boolean.TRUE.equals(this.ifNotExists)) {
			call.ifNotExists();
		}
		return call;
	}

	@Override
	protected Change[] createInverses() {
		// with ifNotExists the vectorizer may have been there before: the rollback drops it all the same
		DropVectorizerChange drop = new DropVectorizerChange();
		drop.setDropAll(true);
		drop.setName(this.name);
		drop.drop(CreatedVectorizer.drop(this.schemaName, requireTableName(), this.name, this.destination));
		return new Change[] { drop };
	}

	/**
	 * A checksum of what the change means: each attribute and each configuration element by its
	 * argument, so that moving an element to another argument, or dropping one of two alike
	 * ({@code chunking} and {@code indexing} both {@code none}), changes it; attribute order and
	 * whether a number was written as text (XML) or as a number (YAML) do not.
	 */
	@Override
	public CheckSum generateCheckSum() {
		StringBuilder canonical = new StringBuilder("createVectorizer");
		for (String field : new TreeSet<>(getSerializableFields())) {
			Object value = getSerializableFieldValue(field);
			if (value instanceof VectorizerConfigElement element) {
				canonical.append('\n').append(field).append('=').append(element.canonical());
			}
			else if (value != null) {
				canonical.append('\n').append(field).append('=').append(value);
			}
		}
		return CheckSum.compute(canonical.toString());
	}

	/** Liquibase reads any word other than true as false; a misspelt flag must not pass as false. */
	static java.util.Optional<String> checkBoolean(ParsedNode parsedNode, String flag) throws ParsedNodeException {
		ParsedNode child = parsedNode.getChild(null, flag);
		Object value = (child != null) ? child.getValue() : null;
		if (value == null || value instanceof Boolean || "true".equalsIgnoreCase(value.toString().trim())
				|| "false".equalsIgnoreCase(value.toString().trim())) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(flag + ": '" + value + "' is not true or false.");
	}

	private String requireTableName() {
		if (this.tableName == null) {
			throw new IllegalStateException("createVectorizer needs a tableName");
		}
		return this.tableName;
	}

	@Override
	public String getConfirmationMessage() {
		return "Vectorizer " + ((this.name != null) ? this.name + " " : "") + "created on " + this.tableName;
	}

	@Override
	public String getSerializedObjectNamespace() {
		return NAMESPACE;
	}

	private Map<String, VectorizerConfigElement> elements() {
		// in ai.create_vectorizer's order, so that the call reads as pgai's documentation writes it
		Map<String, VectorizerConfigElement> elements = new LinkedHashMap<>();
		put(elements, "destination", this.destination);
		put(elements, "loading", this.loading);
		put(elements, "parsing", this.parsing);
		put(elements, "embedding", this.embedding);
		put(elements, "chunking", this.chunking);
		put(elements, "indexing", this.indexing);
		put(elements, "formatting", this.formatting);
		put(elements, "scheduling", this.scheduling);
		put(elements, "processing", this.processing);
		return elements;
	}

	private static void put(Map<String, VectorizerConfigElement> elements, String argument,
			@Nullable VectorizerConfigElement element) {
		if (element != null) {
			elements.put(argument, element);
		}
	}

	private List<String> roles() {
		return (this.grantTo != null) ? Arrays.stream(this.grantTo.split(",", -1)).map(String::trim).toList()
				: List.of();
	}

	/** pgai's splitters fail every batch when the overlap is not below the size. */
	private void checkChunkSizes(List<String> errors) {
		VectorizerConfigElement chunking = this.chunking;
		if (chunking == null || chunking.function().map((f) -> f.parameter("chunk_size").isEmpty()).orElse(true)
				|| !chunking.problems().isEmpty()) {
			return;
		}
		int size = chunking.integer("chunkSize", 800).orElseThrow();
		int overlap = chunking.integer("chunkOverlap", 400).orElseThrow();
		if (size < 1) {
			errors.add("chunking.chunkSize: " + size + " is not a size; give at least 1 character.");
		}
		else if (overlap < 0 || overlap >= size) {
			errors.add("chunking.chunkOverlap: " + overlap
					+ ((chunking.attribute("chunkOverlap") == null) ? " (pgai's default)" : "")
					+ " must be at least 0 and less than chunking.chunkSize, " + size
					+ "; lower chunkOverlap or raise chunkSize.");
		}
	}

	private void checkIndexingAdditions(List<String> errors) {
		VectorizerConfigElement indexing = this.indexing;
		if (indexing == null) {
			return;
		}
		Object quantization = indexing.attribute("quantization");
		if (quantization != null) {
			try {
				if (IndexQuantization.of(quantization.toString()) != IndexQuantization.NONE
						&& !indexing.function().map(VectorizerConfigFunction.INDEXING_HNSW::equals).orElse(false)) {
					errors.add("indexing.quantization: only pgai-spring's HNSW indexes are quantized; "
							+ "set implementation hnsw or remove quantization.");
				}
			}
			catch (IllegalArgumentException ex) {
				errors.add("indexing.quantization: '" + quantization + "' is not one of "
						+ Arrays.stream(IndexQuantization.values())
							.map(IndexQuantization::configValue)
							.collect(Collectors.joining(", "))
						+ ".");
			}
		}
		Object textSearch = indexing.attribute("textSearch");
		if (textSearch != null && "default".equals(indexing.getImplementation())) {
			errors.add("indexing.textSearch: ai.create_vectorizer replaces ai.indexing_default() with the indexing it "
					+ "resolves, which drops the text index; set implementation hnsw or none.");
		}
		else if (textSearch != null) {
			try {
				ChunkTextSearch.of(textSearch.toString());
			}
			catch (IllegalArgumentException ex) {
				errors.add("indexing.textSearch: " + ex.getMessage());
			}
		}
	}

}
