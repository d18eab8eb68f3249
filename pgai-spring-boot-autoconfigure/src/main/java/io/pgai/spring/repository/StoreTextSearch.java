package io.pgai.spring.repository;

import java.sql.SQLException;
import java.util.List;

import io.pgai.spring.relationship.EmbeddingStoreDefinition;
import io.pgai.spring.sql.ChunkTextSearch;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The text search configuration of one store's hybrid searches, resolved against the database on
 * the first of them: the relationship's own, else {@code pgai.search.hybrid.text-search-config},
 * else the database's {@code default_text_search_config}. A store with no GIN index on the
 * configuration's document of its chunks is still searched, by reading every chunk, with a
 * warning naming the index to create.
 */
final class StoreTextSearch {

	private static final Log logger = LogFactory.getLog(StoreTextSearch.class);

	private final EmbeddingStoreDefinition store;

	private final @Nullable String configured;

	private final String source;

	/**
	 * Creates the lookup.
	 * @param store the relationship
	 * @param settings the application's hybrid search settings
	 */
	StoreTextSearch(EmbeddingStoreDefinition store, HybridSearchSettings settings) {
		this.store = store;
		if (store.textSearchConfig() != null) {
			this.configured = store.textSearchConfig();
			this.source = "@VectorizerRelationship(textSearchConfig) of " + store.describe();
		}
		else {
			this.configured = settings.textSearchConfig();
			this.source = (this.configured != null) ? "pgai.search.hybrid.text-search-config"
					: "the database's default_text_search_config";
		}
	}

	/**
	 * Resolves the configuration and checks the store's index.
	 * @param entityManager where to ask
	 * @param table the store's table as Hibernate writes it
	 * @return the store's text search
	 * @throws IllegalStateException if the database has no such configuration
	 */
	ChunkTextSearch resolve(EntityManager entityManager, String table) {
		String name;
		try {
			name = (String) entityManager.createNativeQuery(numbered(ChunkTextSearch.RESOLVE_SQL), String.class)
				.setParameter(1, this.configured)
				.getSingleResult();
		}
		catch (PersistenceException ex) {
			if (!undefinedObject(ex)) {
				throw ex;
			}
			throw new IllegalStateException("The text search configuration '" + this.configured + "' of "
					+ this.source + " does not exist in the database: " + ex.getMessage()
					+ ". Set it to one of the database's configurations (select cfgname from pg_ts_config).", ex);
		}
		ChunkTextSearch search = ChunkTextSearch.of(name);
		List<?> indexes = entityManager
			.createNativeQuery(numbered(ChunkTextSearch.MATCHING_INDEXES_SQL), String.class)
			.setParameter(1, table)
			.setParameter(2, search.config())
			.getResultList();
		if (indexes.isEmpty()) {
			logger.warn("Embedding store " + this.store.qualifiedTable() + " of " + this.store.describe()
					+ " has no GIN index for hybrid searches in text search configuration '" + search.config()
					+ "' (" + this.source + "), so each one reads every chunk. Create it: "
					+ search.createIndexSql(schema(entityManager), this.store.table())
					+ "; or let the worker create it with the vectorizer's indexing option 'text_search'.");
		}
		return search;
	}

	/** Whether the database said that the configuration does not exist (SQLState 42704). */
	private static boolean undefinedObject(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && "42704".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/** JDBC's {@code ?} parameters as JPA's numbered ones. */
	private static String numbered(String sql) {
		StringBuilder numbered = new StringBuilder();
		int parameter = 0;
		for (char c : sql.toCharArray()) {
			numbered.append(c);
			if (c == '?') {
				numbered.append(++parameter);
			}
		}
		return numbered.toString();
	}

	private String schema(EntityManager entityManager) {
		return (this.store.schema() != null) ? this.store.schema()
				: (String) entityManager.createNativeQuery("select current_schema()", String.class).getSingleResult();
	}

}
