package io.pgai.spring.relationship;

import java.lang.reflect.Field;

import io.pgai.spring.Distance;
import io.pgai.spring.EmbeddingStoreDescription;
import jakarta.persistence.FetchType;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to map one {@link io.pgai.spring.VectorizerRelationship} field: where its
 * store lives, how it is loaded and which entity maps it.
 *
 * @param parentType the entity that declares the field
 * @param field the annotated field
 * @param parentEntityName the parent's JPA entity name
 * @param parentTable the parent's logical table name
 * @param parentKey the parent's primary key
 * @param storeEntityName the JPQL name of the store entity, parent entity name plus field name
 * @param storeClassName the name of the generated store class
 * @param schema the store's schema, or {@code null} for the connection's default
 * @param table the store's logical table name
 * @param dimensions the dimensions of the {@code embedding} column
 * @param fetch how the parent loads its embeddings
 * @param parentFetch how an embedding loads its parent
 * @param distance how nearness is measured, never {@link Distance#DEFAULT}
 * @param textSearchConfig the text search configuration of hybrid searches, or {@code null} for
 * the application's
 */
public record EmbeddingStoreDefinition(Class<?> parentType, Field field, String parentEntityName, String parentTable,
		ParentKey parentKey, String storeEntityName, String storeClassName, @Nullable String schema, String table,
		int dimensions, FetchType fetch, FetchType parentFetch, Distance distance,
		@Nullable String textSearchConfig) {

	/**
	 * The field's name.
	 * @return the name of the annotated field
	 */
	public String fieldName() {
		return this.field.getName();
	}

	/**
	 * {@code BlogPost.contentEmbeddings}, for messages.
	 * @return the field qualified by the parent's simple name
	 */
	public String describe() {
		return this.parentType.getSimpleName() + "." + fieldName();
	}

	/**
	 * The store's table qualified by its schema when there is one, as written in the mapping.
	 * @return {@code schema.table} or {@code table}
	 */
	public String qualifiedTable() {
		return (this.schema != null) ? this.schema + "." + this.table : this.table;
	}

	/**
	 * The public description of the store, as a {@link io.pgai.spring.QueryEmbedder} receives it.
	 * @return the description, with no vectorizer named yet
	 */
	public EmbeddingStoreDescription description() {
		return new EmbeddingStoreDescription(this.parentType, fieldName(), this.schema, this.table, this.dimensions,
				this.distance, null);
	}

}
