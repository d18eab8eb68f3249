package io.pgai.spring.relationship;

import java.util.List;
import java.util.Optional;

/**
 * The {@link io.pgai.spring.VectorizerRelationship} fields of a persistence unit, each with its
 * store class, built with the application or generated when first needed.
 */
public class VectorizerRelationships {

	private final List<EmbeddingStoreDefinition> definitions;

	/**
	 * Creates the relationships.
	 * @param definitions the relationships, as found by {@link VectorizerRelationshipScanner}
	 */
	public VectorizerRelationships(List<EmbeddingStoreDefinition> definitions) {
		this.definitions = List.copyOf(definitions);
	}

	/**
	 * All relationships.
	 * @return the relationships, in the order they were found
	 */
	public List<EmbeddingStoreDefinition> definitions() {
		return this.definitions;
	}

	/**
	 * Whether the persistence unit declares no relationship.
	 * @return {@code true} if there is nothing to map
	 */
	public boolean isEmpty() {
		return this.definitions.isEmpty();
	}

	/**
	 * The generated entity class of a relationship's store.
	 * @param definition one of {@link #definitions()}
	 * @return the store class
	 */
	public Class<?> storeClass(EmbeddingStoreDefinition definition) {
		if (!this.definitions.contains(definition)) {
			throw new IllegalArgumentException("Unknown relationship " + definition.describe());
		}
		return EmbeddingStoreClassGenerator.storeClass(definition);
	}

	/**
	 * The relationships declared by an entity class.
	 * @param parentType the entity class
	 * @return its relationships, possibly none
	 */
	public List<EmbeddingStoreDefinition> forParent(Class<?> parentType) {
		return this.definitions.stream().filter((definition) -> definition.parentType() == parentType).toList();
	}

	/**
	 * The relationship of an entity's field.
	 * @param parentType the entity class
	 * @param fieldName the annotated field
	 * @return the relationship, if the field has one
	 */
	public Optional<EmbeddingStoreDefinition> find(Class<?> parentType, String fieldName) {
		return forParent(parentType).stream().filter((definition) -> definition.fieldName().equals(fieldName)).findFirst();
	}

	/**
	 * The {@code orm.xml} that maps every relationship, once the store classes it names exist:
	 * Hibernate loads them by name.
	 * @return the mapping document
	 */
	public String mappingXml() {
		this.definitions.forEach(this::storeClass);
		return EmbeddingStoreMappingWriter.write(this.definitions);
	}

}
