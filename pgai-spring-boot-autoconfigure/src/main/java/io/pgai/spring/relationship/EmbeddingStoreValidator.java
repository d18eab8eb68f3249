package io.pgai.spring.relationship;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.jspecify.annotations.Nullable;

import io.pgai.spring.sql.ChunkTextSearch;
import io.pgai.spring.vectorizer.CreateVectorizer;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Checks at startup that each embedding store exists with pgai's layout and the mapped
 * dimensions. Hibernate's own {@code validate} is kept away from the stores and would not compare
 * a vector's dimensions anyway.
 */
public class EmbeddingStoreValidator implements InitializingBean {

	// pgvector's type is named without its schema, which format_type adds when it is off the search path.
	private static final String COLUMNS = """
			select a.attname,
			       case when t.typname = 'vector' then 'vector(' || a.atttypmod || ')'
			            else format_type(a.atttypid, a.atttypmod) end
			from pg_attribute a join pg_type t on t.oid = a.atttypid
			where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped""";

	/** Why a migration that does this may not have run, the first time a Boot 4 application tries. */
	private static final String MIGRATIONS_RUN = "If a migration does this, check that migrations run at all: on "
			+ "Spring Boot 4, Flyway needs org.springframework.boot:spring-boot-starter-flyway and "
			+ "org.flywaydb:flyway-database-postgresql (flyway-core alone does nothing).";

	private static final Log logger = LogFactory.getLog(EmbeddingStoreValidator.class);

	/** From this many rows, a store searched without an index is worth a warning. */
	private static final long UNINDEXED_ROWS_WARNING = 100_000;

	private final JdbcTemplate jdbc;

	private final EntityManagerFactory entityManagerFactory;

	private final VectorizerRelationships relationships;

	private final @Nullable String textSearchConfig;

	/**
	 * Creates a validator.
	 * @param dataSource the database the stores live in
	 * @param entityManagerFactory the persistence unit that maps them
	 * @param relationships the relationships to check
	 * @param textSearchConfig the text search configuration of hybrid searches of stores without
	 * their own ({@code pgai.search.hybrid.text-search-config}), or {@code null} for the database's
	 */
	public EmbeddingStoreValidator(DataSource dataSource, EntityManagerFactory entityManagerFactory,
			VectorizerRelationships relationships, @Nullable String textSearchConfig) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.entityManagerFactory = entityManagerFactory;
		this.relationships = relationships;
		this.textSearchConfig = textSearchConfig;
	}

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every store.
	 * @throws EmbeddingStoreMismatchException if any store differs from its mapping
	 */
	public void validate() {
		if (this.relationships.isEmpty()) {
			return;
		}
		SessionFactoryImplementor sessionFactory = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		boolean vectorInstalled = Boolean.TRUE
			.equals(this.jdbc.queryForObject("select exists (select 1 from pg_extension where extname = 'vector')",
					Boolean.class));
		List<EmbeddingStoreMismatchException.Mismatch> mismatches = new ArrayList<>();
		for (EmbeddingStoreDefinition definition : this.relationships.definitions()) {
			AbstractEntityPersister store = persister(sessionFactory, this.relationships.storeClass(definition));
			AbstractEntityPersister parent = persister(sessionFactory, definition.parentType());
			String table = store.getTableName();
			if (!vectorInstalled) {
				mismatches.add(new EmbeddingStoreMismatchException.Mismatch(definition.describe(),
						definition.storeEntityName(), table,
						List.of("the database has no 'vector' type: the pgvector extension is not created"),
						"Run CREATE EXTENSION IF NOT EXISTS vector; (as the database owner or a superuser; pgvector 0.7 "
								+ "or newer must be installed on the server), for example in your first migration. "
								+ MIGRATIONS_RUN));
				continue;
			}
			EmbeddingStoreMismatchException.Mismatch mismatch = check(definition, table, parent);
			if (mismatch != null) {
				mismatches.add(mismatch);
			}
			else {
				warnIfNoIndexServes(definition, table);
				EmbeddingStoreMismatchException.Mismatch textSearch = checkTextSearch(definition, table);
				if (textSearch != null) {
					mismatches.add(textSearch);
				}
			}
		}
		if (!mismatches.isEmpty()) {
			throw new EmbeddingStoreMismatchException(mismatches);
		}
	}

	private EmbeddingStoreMismatchException.@Nullable Mismatch check(EmbeddingStoreDefinition definition, String table,
			AbstractEntityPersister parent) {
		Map<String, String> columns = columnTypes(table);
		Map<String, String> parentColumns = columnTypes(parent.getTableName());
		if (columns.isEmpty()) {
			return new EmbeddingStoreMismatchException.Mismatch(definition.describe(), definition.storeEntityName(),
					table, List.of("the table does not exist"), createVectorizerFix(definition, table, parent,
							parentColumns));
		}
		List<String> problems = new ArrayList<>();
		expect(columns, "embedding_uuid", "uuid", problems);
		expect(columns, "chunk_seq", "integer", problems);
		expect(columns, "chunk", "text", problems);
		String vector = "vector(" + definition.dimensions() + ")";
		String actualVector = columns.get("embedding");
		boolean wrongDimensions = actualVector != null && actualVector.startsWith("vector(")
				&& !actualVector.equals(vector);
		expect(columns, "embedding", vector, problems);
		for (String keyColumn : parent.getIdentifierColumnNames()) {
			String name = unquote(keyColumn);
			String type = parentColumns.get(name);
			expect(columns, name, (type != null) ? type : columns.getOrDefault(name, "the parent's key type"), problems);
		}
		if (problems.isEmpty()) {
			return null;
		}
		String fix;
		if (wrongDimensions && actualVector != null && problems.size() == 1) {
			fix = "Set @VectorizerRelationship(dimensions = " + actualVector.substring(7, actualVector.length() - 1)
					+ ") on " + definition.describe() + " to match the store, or recreate the vectorizer with "
					+ definition.dimensions() + " dimensions (ai.drop_vectorizer(..., drop_all => true), then ai.create_vectorizer(...)).";
		}
		else {
			fix = "Point @VectorizerRelationship(targetSchema = ..., targetTable = ...) on " + definition.describe()
					+ " at the destination table of the vectorizer, which has the columns embedding_uuid uuid, "
					+ String.join(", ", keyColumnsWithTypes(parent, parentColumns))
					+ ", chunk_seq integer, chunk text, embedding " + vector + ".";
		}
		return new EmbeddingStoreMismatchException.Mismatch(definition.describe(), definition.storeEntityName(), table,
				problems, fix);
	}

	/**
	 * Warns when searches of a store would read every row: it has vector indexes but none for the
	 * relationship's distance, or none at all while holding enough rows for one to matter. Not an
	 * error: a small store is searched well enough without, and the worker creates the index of a
	 * growing one.
	 */
	private void warnIfNoIndexServes(EmbeddingStoreDefinition definition, String table) {
		List<Object[]> rows = this.jdbc.query(StoreVectorIndex.SQL, (rs, row) -> StoreVectorIndex.row(rs), table);
		List<StoreVectorIndex> indexes = StoreVectorIndex.of(rows);
		if (StoreVectorIndex.usable(indexes, definition.distance()) != null) {
			return;
		}
		long size = rows.isEmpty() ? 0 : (Long) rows.get(0)[3];
		if (indexes.isEmpty() && size < UNINDEXED_ROWS_WARNING) {
			return;
		}
		String distance = definition.distance().name().toLowerCase(Locale.ROOT).replace('_', '-');
		String fix = "create index on " + table + " using hnsw (" + ((definition.dimensions() > 2000)
				? "(embedding::halfvec(" + definition.dimensions() + ")) halfvec_" : "embedding vector_")
				+ StoreVectorIndex.operatorSuffix(definition.distance()) + ")";
		logger.warn((indexes.isEmpty() ? "Embedding store " + table + " of " + definition.describe() + " has about "
				+ size + " rows and no vector index"
				: "Embedding store " + table + " of " + definition.describe() + " has vector indexes "
						+ indexes.stream().map((index) -> index.name() + " (" + index.operatorClass() + ")").toList()
						+ " but none for " + distance + " distance")
				+ ": its searches read every row. Create one, for example: " + fix
				+ "; or set @VectorizerRelationship(distance = ...) or pgai.search.distance to the index's distance.");
	}

	/**
	 * Checks the text search configuration of the store's hybrid searches: it must exist, and a
	 * text index on the chunks in another configuration is worth a warning, as hybrid searches
	 * cannot use it.
	 */
	private EmbeddingStoreMismatchException.@Nullable Mismatch checkTextSearch(EmbeddingStoreDefinition definition,
			String table) {
		String configured = (definition.textSearchConfig() != null) ? definition.textSearchConfig()
				: this.textSearchConfig;
		String source = (definition.textSearchConfig() != null)
				? "@VectorizerRelationship(textSearchConfig) of " + definition.describe()
				: (configured != null) ? "pgai.search.hybrid.text-search-config"
						: "the database's default_text_search_config";
		String resolved;
		try {
			resolved = String.valueOf(this.jdbc.queryForObject(ChunkTextSearch.RESOLVE_SQL, String.class, configured));
		}
		catch (DataAccessException ex) {
			if (!(ex.getMostSpecificCause() instanceof SQLException sql && "42704".equals(sql.getSQLState()))) {
				throw ex;
			}
			return new EmbeddingStoreMismatchException.Mismatch(definition.describe(), definition.storeEntityName(),
					table, List.of("the text search configuration '" + configured + "' of hybrid searches ("
							+ source + ") does not exist"),
					"Set " + source + " to one of the database's text search configurations: "
							+ this.jdbc.queryForList("select cfgname from pg_ts_config order by 1", String.class) + ".");
		}
		ChunkTextSearch textSearch;
		try {
			textSearch = ChunkTextSearch.of(resolved);
		}
		catch (IllegalArgumentException ex) {
			// A database default that needs quoting: only hybrid searches care, and they say so.
			logger.warn("Hybrid searches of " + definition.describe() + " cannot use the text search configuration '"
					+ resolved + "' (" + source + "): " + ex.getMessage());
			return null;
		}
		if (!this.jdbc.queryForList(ChunkTextSearch.MATCHING_INDEXES_SQL, String.class, table, resolved).isEmpty()) {
			return null;
		}
		List<String> others = this.jdbc.queryForList(ChunkTextSearch.TEXT_INDEXES_SQL, String.class, table);
		if (!others.isEmpty()) {
			logger.warn("Embedding store " + table + " of " + definition.describe() + " has text indexes " + others
					+ " but none in text search configuration '" + resolved + "' (" + source
					+ "), so its hybrid searches read every chunk. Create one: "
					+ textSearch.createIndexSql(unquote(schemaOf(table)), unquote(unqualified(table)))
					+ "; or set " + source + " to the index's configuration.");
		}
		return null;
	}

	private String schemaOf(String table) {
		int dot = table.indexOf('.');
		return (dot >= 0) ? table.substring(0, dot)
				: String.valueOf(this.jdbc.queryForObject("select current_schema()", String.class));
	}

	private static void expect(Map<String, String> columns, String column, String type, List<String> problems) {
		String actual = columns.get(column);
		if (actual == null) {
			problems.add("column " + column + " is missing (expected " + type + ")");
		}
		else if (!actual.equals(type)) {
			problems.add("column " + column + " is " + actual + ", expected " + type);
		}
	}

	private String createVectorizerFix(EmbeddingStoreDefinition definition, String table,
			AbstractEntityPersister parent, Map<String, String> parentColumns) {
		String parentTable = parent.getTableName();
		String storeTable = unquote(unqualified(table));
		StringBuilder fix = new StringBuilder();
		for (Map<String, Object> vectorizer : vectorizersOn(parentTable)) {
			fix.append("The vectorizer '")
				.append(vectorizer.get("name"))
				.append("' on ")
				.append(parentTable)
				.append(" writes to ")
				.append(vectorizer.get("target_schema"))
				.append('.')
				.append(vectorizer.get("target_table"))
				.append(": point @VectorizerRelationship(targetSchema = \"")
				.append(vectorizer.get("target_schema"))
				.append("\", targetTable = \"")
				.append(vectorizer.get("target_table"))
				.append("\") on ")
				.append(definition.describe())
				.append(" at it, or ");
		}
		int dot = parentTable.lastIndexOf('.');
		CreateVectorizer call = (dot >= 0)
				? CreateVectorizer.source(unquote(parentTable.substring(0, dot)), unquote(parentTable.substring(dot + 1)))
				: CreateVectorizer.source(unquote(parentTable));
		if (definition.schema() != null || !storeTable.equals(unquote(unqualified(parentTable)) + "_embedding_store")) {
			call.destinationTable(definition.schema(), storeTable);
		}
		call.loadingColumn(guessLoadingColumn(definition, parentColumns));
		if (definition.dimensions() == 384) {
			call.embeddingLocal("all-MiniLM-L6-v2", 384);
		}
		else {
			call.embeddingOpenAi("text-embedding-3-small", definition.dimensions());
		}
		call.chunkingRecursiveCharacterTextSplitter(800, 400);
		fix.append((fix.length() > 0) ? "create" : "Create")
			.append(" the store with a vectorizer, for example in a Flyway migration:\n\n    ")
			.append(call.toSql().replace("\n", "\n    "))
			.append("\n\nor point @VectorizerRelationship(targetSchema = ..., targetTable = ...) on ")
			.append(definition.describe())
			.append(" at an existing store, or set pgai.validate-stores=false if the store is created after startup. ")
			.append(MIGRATIONS_RUN);
		return fix.toString();
	}

	private List<Map<String, Object>> vectorizersOn(String parentTable) {
		if (!Boolean.TRUE.equals(this.jdbc.queryForObject("select to_regclass('ai.vectorizer') is not null",
				Boolean.class))) {
			return List.of();
		}
		try {
			return this.jdbc.queryForList("""
					select name, config->'destination'->>'target_schema' as target_schema,
					       config->'destination'->>'target_table' as target_table
					from ai.vectorizer
					where to_regclass(format('%I.%I', source_schema, source_table)) = to_regclass(?)
					order by id""", parentTable);
		}
		catch (DataAccessException ex) {
			// A catalog of another layout (pgai's own, another version) cannot point the way here.
			return List.of();
		}
	}

	private static String guessLoadingColumn(EmbeddingStoreDefinition definition, Map<String, String> parentColumns) {
		String base = definition.fieldName().replaceAll("Embeddings?$", "");
		String snake = base.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
		return parentColumns.containsKey(snake) ? snake : "<text column of " + definition.parentTable() + ">";
	}

	private static List<String> keyColumnsWithTypes(AbstractEntityPersister parent, Map<String, String> parentColumns) {
		List<String> columns = new ArrayList<>();
		for (String keyColumn : parent.getIdentifierColumnNames()) {
			String name = unquote(keyColumn);
			columns.add(name + " " + parentColumns.getOrDefault(name, "(the parent's key type)"));
		}
		return columns;
	}

	private Map<String, String> columnTypes(String table) {
		Map<String, String> columns = new HashMap<>();
		// The name goes in as a bind parameter: to_regclass parses it, nothing executes it.
		this.jdbc.query(COLUMNS, (rs) -> {
			columns.put(rs.getString(1), rs.getString(2));
		}, table);
		return columns;
	}

	private static AbstractEntityPersister persister(SessionFactoryImplementor sessionFactory, Class<?> entityClass) {
		return (AbstractEntityPersister) sessionFactory.getMappingMetamodel().getEntityDescriptor(entityClass);
	}

	private static String unqualified(String table) {
		int dot = table.lastIndexOf('.');
		return (dot >= 0) ? table.substring(dot + 1) : table;
	}

	private static String unquote(String identifier) {
		if (identifier.length() > 1 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
			return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
		}
		return identifier.toLowerCase(Locale.ROOT);
	}

}
