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

	private final boolean delegateNeedsVectorizer;

	private final Map<String, Writer> writers = new ConcurrentHashMap<>();

	/**
	 * Creates an embedder.
	 * @param catalog the vectorizer catalog
	 * @param delegate what embeds the query, given the store's vectorizer
	 * @param delegateNeedsVectorizer whether the delegate cannot embed without the store's
	 * vectorizer (it uses that vectorizer's model), rather than merely being told about it
	 */
	public VectorizerResolvingQueryEmbedder(VectorizerCatalog catalog, QueryEmbedder delegate,
			boolean delegateNeedsVectorizer) {
		this.catalog = catalog;
		this.delegate = delegate;
		this.delegateNeedsVectorizer = delegateNeedsVectorizer;
	}

	@Override
	public float[] embed(String text, EmbeddingStoreDescription store) {
		return this.delegate.embed(text, store.withVectorizer(writerOf(store)));
	}

	/**
	 * A store's vectorizer is remembered for a few seconds, not read from the catalog on every
	 * search. A store without one is looked up again at once when the delegate needs one, so a
	 * vectorizer created after startup serves text searches at once; for an embedder that is only
	 * told, its absence is remembered as well. The catalog is read outside the map's lock.
	 */
	private @Nullable VectorizerEmbedding writerOf(EmbeddingStoreDescription store) {
		Writer known = this.writers.get(store.qualifiedTable());
		if (known != null && !known.isStale()) {
			return known.vectorizer();
		}
		VectorizerEmbedding vectorizer = find(store);
		if (vectorizer != null || !this.delegateNeedsVectorizer) {
			this.writers.put(store.qualifiedTable(), new Writer(vectorizer, System.nanoTime()));
		}
		else {
			this.writers.remove(store.qualifiedTable());
		}
		return vectorizer;
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
			if (!this.delegateNeedsVectorizer) {
				// An embedder of the application's own chose its model; which vectorizer wrote the store is moot.
				return null;
			}
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
