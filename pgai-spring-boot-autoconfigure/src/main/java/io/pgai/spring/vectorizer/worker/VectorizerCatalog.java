package io.pgai.spring.vectorizer.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the vectorizers of the {@code ai.vectorizer} catalog.
 */
public class VectorizerCatalog {

	private static final String SELECT = """
			select v.id, v.name, v.source_schema, v.source_table, v.queue_schema, v.queue_table, v.queue_failed_table,
			       v.disabled, v.source_pk::text as source_pk, v.config::text as config, t.typname as loading_type
			from ai.vectorizer v
			left join pg_catalog.pg_attribute a
			       on a.attrelid = to_regclass(format('%I.%I', v.source_schema, v.source_table))
			      and a.attname = v.config->'loading'->>'column_name' and a.attnum > 0 and not a.attisdropped
			left join pg_catalog.pg_type t on t.oid = a.atttypid
			order by v.id""";

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Creates a catalog reader.
	 * @param dataSource the database
	 */
	public VectorizerCatalog(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Whether the database has a vectorizer catalog at all.
	 * @return {@code true} if {@code ai.vectorizer} exists
	 */
	public boolean exists() {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("select to_regclass('ai.vectorizer') is not null",
				Boolean.class));
	}

	/**
	 * Whether an extension is installed in the database.
	 * @param name the extension's name
	 * @return {@code true} if it is
	 */
	public boolean hasExtension(String name) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"select exists (select from pg_catalog.pg_extension where extname = ?)", Boolean.class, name));
	}

	/**
	 * All vectorizers, enabled or not.
	 * @return the vectorizers, by id
	 */
	public List<VectorizerDefinition> findAll() {
		if (!exists()) {
			return List.of();
		}
		return this.jdbc.query(SELECT, (rs, row) -> definition(rs.getInt("id"), rs.getString("name"),
				rs.getString("source_schema"), rs.getString("source_table"), rs.getString("queue_schema"),
				rs.getString("queue_table"), rs.getString("queue_failed_table"), rs.getBoolean("disabled"),
				rs.getString("source_pk"), rs.getString("config"), rs.getString("loading_type")));
	}

	/**
	 * The vectorizer that writes a store table.
	 * @param schema the store's schema
	 * @param table the store table
	 * @return the vectorizer, or {@code null} if none writes it
	 */
	public @Nullable VectorizerDefinition findByTarget(String schema, String table) {
		return findAll().stream()
			.filter((v) -> v.targetSchema().equals(schema) && v.targetTable().equals(table))
			.findFirst()
			.orElse(null);
	}

	private VectorizerDefinition definition(int id, String name, String sourceSchema, String sourceTable,
			String queueSchema, String queueTable, String failedQueueTable, boolean disabled, String sourcePk,
			String configJson, @Nullable String loadingType) {
		Map<String, Object> config = this.json.readValue(configJson, MAP);
		List<VectorizerDefinition.KeyColumn> key = new ArrayList<>();
		for (Map<String, Object> column : this.json.readValue(sourcePk, LIST)) {
			key.add(new VectorizerDefinition.KeyColumn(String.valueOf(column.get("attname")),
					String.valueOf(column.get("typname"))));
		}
		Map<String, Object> loading = section(config, "loading");
		Map<String, Object> destination = section(config, "destination");
		Map<String, Object> formatting = section(config, "formatting");
		Map<String, Object> processing = section(config, "processing");
		Object template = formatting.get("template");
		return new VectorizerDefinition(id, name, sourceSchema, sourceTable, List.copyOf(key), queueSchema, queueTable,
				failedQueueTable, String.valueOf(destination.getOrDefault("target_schema", sourceSchema)),
				// a column destination keeps its vectors in the source table itself, as pgai reads it
				String.valueOf(destination.getOrDefault("target_table", sourceTable)),
				String.valueOf(loading.get("column_name")), loadingType, integer(loading.get("retries"), 6),
				(template != null) ? template.toString() : "$chunk", section(config, "chunking"),
				section(config, "embedding"), section(config, "indexing"), loading, section(config, "parsing"),
				destination, nullableInteger(processing.get("batch_size")),
				nullableInteger(processing.get("concurrency")), disabled);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> section(Map<String, Object> config, String name) {
		Object section = config.get(name);
		return (section instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static int integer(@Nullable Object value, int fallback) {
		return (value instanceof Number number) ? number.intValue() : fallback;
	}

	private static @Nullable Integer nullableInteger(@Nullable Object value) {
		return (value instanceof Number number) ? number.intValue() : null;
	}

}
