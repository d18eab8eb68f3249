package io.pgai.spring.query;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pgai.spring.EmbeddingStoreDescription;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.VectorizerEmbedding;
import io.pgai.spring.vectorizer.worker.VectorizerCatalog;
import io.pgai.spring.vectorizer.worker.VectorizerDefinition;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;

import org.springframework.dao.DataAccessException;

/**
 * Names the vectorizer that writes the searched store to the {@link QueryEmbedder} that embeds
 * the query, so that the embedder can use that vectorizer's model.
 */
public class VectorizerResolvingQueryEmbedder implements QueryEmbedder {

	private static final long REMEMBERED_NANOS = 5_000_000_000L;

	private final VectorizerCatalog catalog;

	private final QueryEmbedder delegate;

	private final Map<String, Writer> writers = new ConcurrentHashMap<>();

	/**
	 * Creates an embedder.
	 * @param catalog the vectorizer catalog
	 * @param delegate what embeds the query, given the store's vectorizer
	 */
	public VectorizerResolvingQueryEmbedder(VectorizerCatalog catalog, QueryEmbedder delegate) {
		this.catalog = catalog;
		this.delegate = delegate;
	}

	@Override
	public float[] embed(String text, EmbeddingStoreDescription store) {
		// A store's vectorizer is remembered for a few seconds, not read from the catalog on every
		// search; a store without one is looked up again next time, so a vectorizer created after
		// startup serves text searches at once.
		Writer writer = this.writers.compute(store.qualifiedTable(),
				(key, known) -> (known != null && !known.isStale()) ? known : new Writer(find(store), System.nanoTime()));
		if (writer.vectorizer() == null) {
			this.writers.remove(store.qualifiedTable());
		}
		return this.delegate.embed(text, store.withVectorizer(writer.vectorizer()));
	}

	private @Nullable VectorizerEmbedding find(EmbeddingStoreDescription store) {
		String table = store.table().toLowerCase(Locale.ROOT);
		String schema = (store.schema() != null) ? store.schema().toLowerCase(Locale.ROOT) : null;
		List<VectorizerDefinition> writers;
		try {
			writers = this.catalog.findAll()
				.stream()
				.filter((v) -> v.targetTable().equals(table) && (schema == null || v.targetSchema().equals(schema)))
				.toList();
		}
		catch (DataAccessException | JacksonException ex) {
			// A catalog this application cannot read (no ai schema, no privilege) names no vectorizer.
			return null;
		}
		if (writers.size() > 1) {
			throw new IllegalStateException("Cannot search " + store.describe() + " by text: the vectorizers "
					+ writers.stream().map(VectorizerDefinition::name).toList() + " all write " + table
					+ ", so which model embeds the query is not clear; give @VectorizerRelationship a targetSchema, "
					+ "or declare a QueryEmbedder bean");
		}
		return writers.isEmpty() ? null : embedding(writers.get(0));
	}

	private static VectorizerEmbedding embedding(VectorizerDefinition vectorizer) {
		Map<String, Object> config = vectorizer.embedding();
		Object model = config.get("model");
		return new VectorizerEmbedding(vectorizer.name(), String.valueOf(config.get("implementation")),
				(model != null) ? model.toString() : null, vectorizer.dimensions(), config);
	}

	private record Writer(@Nullable VectorizerEmbedding vectorizer, long readAt) {

		boolean isStale() {
			return System.nanoTime() - this.readAt > REMEMBERED_NANOS;
		}

	}

}
