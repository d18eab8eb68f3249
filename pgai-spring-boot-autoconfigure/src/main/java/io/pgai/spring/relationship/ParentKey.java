package io.pgai.spring.relationship;

import java.util.List;

/**
 * The parent entity's primary key as an embedding store repeats it: the Java type of
 * {@link io.pgai.spring.Embedding#getParentId()} and the columns, named as the parent names them.
 *
 * @param type the identifier's type: the basic type, the {@code @EmbeddedId} type or the {@code @IdClass}
 * @param composite whether the key spans several columns through an embeddable or id class
 * @param declaredEmbeddable whether {@code type} is annotated {@code @Embeddable} already
 * @param columns the key's attributes and their column names, in the parent's order
 */
public record ParentKey(Class<?> type, boolean composite, boolean declaredEmbeddable, List<KeyColumn> columns) {

	/**
	 * One column of the key.
	 * @param attribute the attribute name in the parent (or in the embeddable for a composite key)
	 * @param column the logical column name, before Hibernate's naming strategy
	 */
	public record KeyColumn(String attribute, String column) {
	}

}
