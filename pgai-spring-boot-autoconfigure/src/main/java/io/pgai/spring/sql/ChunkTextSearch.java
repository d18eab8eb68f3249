package io.pgai.spring.sql;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Full-text search over an embedding store's {@code chunk} column in one text search
 * configuration: the expressions hybrid searches match and rank with, and the GIN index that
 * serves them. PostgreSQL uses an expression index only for the same expression, so the
 * configuration is written as a literal ({@code to_tsvector('english'::regconfig, chunk)}), never
 * bound: the searches, the worker's index and the startup check all take it from here.
 */
public final class ChunkTextSearch {

	/** The column pgai writes each chunk's text to. */
	public static final String CHUNK_COLUMN = "chunk";

	/**
	 * Resolves a configuration name, or the database's default for {@code null}, to its canonical
	 * spelling; fails if the database has no such configuration.
	 */
	public static final String RESOLVE_SQL = "select cast(coalesce(cast(? as text), "
			+ "current_setting('default_text_search_config')) as regconfig)::text";

	/**
	 * The names of the valid GIN indexes on a table that serve {@link #document} over its
	 * {@code chunk} in a configuration; the parameters are the table and the configuration.
	 */
	public static final String MATCHING_INDEXES_SQL = "select c.relname from pg_index i "
			+ "join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam "
			+ "where i.indrelid = cast(? as regclass) and i.indisvalid and i.indpred is null and a.amname = 'gin' "
			+ "and i.indnatts = 1 and pg_get_expr(i.indexprs, i.indrelid) = "
			+ "format('to_tsvector(%L::regconfig, chunk)', cast(? as regconfig)::text)";

	/**
	 * The definitions of the valid GIN indexes on a table over a document of its {@code chunk}, in
	 * any configuration; the parameter is the table.
	 */
	public static final String TEXT_INDEXES_SQL = "select pg_get_indexdef(i.indexrelid) from pg_index i "
			+ "join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam "
			+ "where i.indrelid = cast(? as regclass) and i.indisvalid and a.amname = 'gin' and i.indnatts = 1 "
			+ "and pg_get_expr(i.indexprs, i.indrelid) like 'to_tsvector(%, chunk)'";

	/** A configuration's name, optionally schema-qualified, as {@code regconfig} prints it. */
	private static final Pattern NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z_][A-Za-z0-9_$]*");

	private final String config;

	private ChunkTextSearch(String config) {
		this.config = config;
	}

	/**
	 * The text search over chunks in a configuration.
	 * @param config the configuration's name, such as {@code english} or {@code public.german_unaccent}
	 * @return the text search
	 * @throws IllegalArgumentException if the name is not a plain, optionally qualified, identifier
	 */
	public static ChunkTextSearch of(String config) {
		if (config == null || !NAME.matcher(config).matches()) {
			throw new IllegalArgumentException("The text search configuration '" + config
					+ "' is not a plain name; name one of the database's configurations (select cfgname from "
					+ "pg_ts_config), such as english or simple, optionally qualified by its schema.");
		}
		return new ChunkTextSearch(config.toLowerCase(Locale.ROOT));
	}

	/**
	 * The configuration's name.
	 * @return the name, as resolved
	 */
	public String config() {
		return this.config;
	}

	/**
	 * The document a chunk is searched as.
	 * @param chunk the chunk's SQL expression, or {@code ?}
	 * @return {@code to_tsvector('config'::regconfig, chunk)}
	 */
	public String document(String chunk) {
		return "to_tsvector(" + regconfig() + ", " + chunk + ")";
	}

	/**
	 * A query from a user's words, as a search box reads them: quoted phrases, {@code or},
	 * {@code -word}; never a syntax error.
	 * @param text the text's SQL expression, or {@code ?}
	 * @return {@code websearch_to_tsquery('config'::regconfig, text)}
	 */
	public String websearchQuery(String text) {
		return "websearch_to_tsquery(" + regconfig() + ", " + text + ")";
	}

	/**
	 * The name of a store's text index, as the worker creates it.
	 * @param table the store's table
	 * @return {@code <table>_chunk_tsv_idx}, shortened to fit PostgreSQL's limit
	 */
	public static String indexName(String table) {
		String suffix = "_chunk_tsv_idx";
		int room = SqlQuoting.MAX_IDENTIFIER_LENGTH - suffix.length();
		return ((table.length() > room) ? table.substring(0, room) : table) + suffix;
	}

	/**
	 * The statement that creates a store's text index without blocking its writers.
	 * @param schema the store's schema
	 * @param table the store's table
	 * @return {@code create index concurrently ... using gin (to_tsvector(...))}
	 */
	public String createIndexSql(String schema, String table) {
		return "create index concurrently " + SqlQuoting.identifierIfNeeded(indexName(table)) + " on "
				+ SqlQuoting.identifierIfNeeded(schema) + "." + SqlQuoting.identifierIfNeeded(table) + " using gin ("
				+ document(CHUNK_COLUMN) + ")";
	}

	private String regconfig() {
		return SqlQuoting.literal(this.config) + "::regconfig";
	}

	@Override
	public String toString() {
		return this.config;
	}

}
