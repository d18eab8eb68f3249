package io.pgai.spring.vectorizer.worker;

import java.util.List;
import java.util.Locale;

import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;

import org.springframework.dao.DataAccessException;

/**
 * Embeds a query with the provider of the vectorizer that writes the searched store, so that the
 * query and the chunks come from the same model.
 */
public class VectorizerQueryEmbedder implements QueryEmbedder {

	private final VectorizerCatalog catalog;

	private final EmbeddingProviders providers;

	private final QueryEmbedder fallback;

	private final java.util.Map<String, Writer> writers = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * Creates an embedder.
	 * @param catalog the vectorizer catalog
	 * @param providers the worker's providers
	 * @param fallback what embeds queries of stores no vectorizer writes
	 */
	public VectorizerQueryEmbedder(VectorizerCatalog catalog, EmbeddingProviders providers, QueryEmbedder fallback) {
		this.catalog = catalog;
		this.providers = providers;
		this.fallback = fallback;
	}

	@Override
	public float[] embed(String text, EmbeddingStoreDefinition store) {
		String table = store.table().toLowerCase(Locale.ROOT);
		String schema = (store.schema() != null) ? store.schema().toLowerCase(Locale.ROOT) : null;
		// A store's vectorizer is remembered for a few seconds, not read from the catalog on every
		// search; a store without one is looked up again next time, so a vectorizer created after
		// startup serves text searches at once.
		Writer writer = this.writers.compute(store.qualifiedTable(),
				(key, known) -> (known != null && !known.isStale()) ? known : new Writer(find(table, schema, store),
						System.nanoTime()));
		if (writer.vectorizer() == null) {
			this.writers.remove(store.qualifiedTable());
			return this.fallback.embed(text, store);
		}
		return this.providers.forVectorizer(writer.vectorizer()).embed(List.of(text)).get(0);
	}

	private @Nullable VectorizerDefinition find(String table, @Nullable String schema, EmbeddingStoreDefinition store) {
		List<VectorizerDefinition> writers;
		try {
			writers = this.catalog.findAll()
				.stream()
				.filter((v) -> v.targetTable().equals(table) && (schema == null || v.targetSchema().equals(schema)))
				.toList();
		}
		catch (DataAccessException | JacksonException ex) {
			// A catalog this worker cannot read (pgai's own, another version) names no provider here.
			return null;
		}
		if (writers.size() > 1) {
			throw new IllegalStateException("Cannot search " + store.describe() + " by text: the vectorizers "
					+ writers.stream().map(VectorizerDefinition::name).toList() + " all write " + table
					+ ", so which model embeds the query is not clear; give @VectorizerRelationship a targetSchema, "
					+ "or declare a QueryEmbedder bean");
		}
		return writers.isEmpty() ? null : writers.get(0);
	}

	private record Writer(@Nullable VectorizerDefinition vectorizer, long readAt) {

		boolean isStale() {
			return System.nanoTime() - this.readAt > 5_000_000_000L;
		}

	}

}
