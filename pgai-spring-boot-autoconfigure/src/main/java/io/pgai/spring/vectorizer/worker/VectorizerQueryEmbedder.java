package io.pgai.spring.vectorizer.worker;

import java.util.List;
import java.util.Locale;

import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;

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
		List<VectorizerDefinition> writers;
		try {
			writers = this.catalog.findAll()
				.stream()
				.filter((v) -> v.targetTable().equals(table) && (schema == null || v.targetSchema().equals(schema)))
				.toList();
		}
		catch (DataAccessException | JacksonException ex) {
			// A catalog this worker cannot read (pgai's own, another version) names no provider here.
			return this.fallback.embed(text, store);
		}
		if (writers.size() != 1) {
			return this.fallback.embed(text, store);
		}
		return this.providers.forVectorizer(writers.get(0)).embed(List.of(text)).get(0);
	}

}
