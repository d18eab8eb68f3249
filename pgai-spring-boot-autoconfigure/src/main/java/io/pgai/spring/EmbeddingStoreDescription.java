package io.pgai.spring;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link QueryEmbedder} may need to know about the store a text query searches: where it
 * is, the vectors it holds and, when a vectorizer writes it, the model that vectorizer embeds with.
 *
 * @param parentType the entity that declares the {@link VectorizerRelationship} field
 * @param field the name of that field
 * @param schema the store's schema, or {@code null} for the connection's default
 * @param table the store's table
 * @param dimensions the dimensions of the store's vectors, which the query's vector must have
 * @param distance how nearness is measured, never {@link Distance#DEFAULT}
 * @param vectorizer the embedding configuration of the vectorizer that writes the store, or
 * {@code null} when none does (yet) or the catalog cannot be read
 */
public record EmbeddingStoreDescription(Class<?> parentType, String field, @Nullable String schema, String table,
		int dimensions, Distance distance, @Nullable VectorizerEmbedding vectorizer) {

	/**
	 * The store's table qualified by its schema when there is one.
	 * @return {@code schema.table} or {@code table}
	 */
	public String qualifiedTable() {
		return (this.schema != null) ? this.schema + "." + this.table : this.table;
	}

	/**
	 * {@code BlogPost.contentEmbeddings}, for messages.
	 * @return the field qualified by the parent's simple name
	 */
	public String describe() {
		return this.parentType.getSimpleName() + "." + this.field;
	}

	/**
	 * The same store, written by the given vectorizer.
	 * @param vectorizer the vectorizer's embedding configuration, or {@code null} for none
	 * @return a description that differs in its vectorizer only
	 */
	public EmbeddingStoreDescription withVectorizer(@Nullable VectorizerEmbedding vectorizer) {
		return new EmbeddingStoreDescription(this.parentType, this.field, this.schema, this.table, this.dimensions,
				this.distance, vectorizer);
	}

}
