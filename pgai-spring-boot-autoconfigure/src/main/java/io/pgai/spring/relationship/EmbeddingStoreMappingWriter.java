package io.pgai.spring.relationship;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Access;
import jakarta.persistence.FetchType;

/**
 * Writes the {@code orm.xml} that maps the stores: per relationship, the user's field as a
 * one-to-many ordered by {@code chunk_seq}, and the generated store class as a read-only entity with
 * its table, its parent association and its copy of the parent's key.
 * <p>
 * XML rather than annotations because the user's field can only be mapped by overriding the
 * user's entity, which JPA allows in {@code orm.xml} alone.
 */
public final class EmbeddingStoreMappingWriter {

	/**
	 * How many owners' associations Hibernate loads in one statement when they are eager. PostgreSQL
	 * takes the keys as one array parameter, so a large batch costs nothing when there are few owners.
	 */
	public static final int EAGER_BATCH_SIZE = 256;

	private EmbeddingStoreMappingWriter() {
	}

	/**
	 * Writes the mapping of the given relationships.
	 * @param definitions the relationships
	 * @return the {@code orm.xml} document
	 */
	public static String write(List<EmbeddingStoreDefinition> definitions) {
		StringBuilder xml = new StringBuilder();
		xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		xml.append("<entity-mappings xmlns=\"http://www.hibernate.org/xsd/orm/mapping\" version=\"7.0\">\n");
		Map<Class<?>, List<EmbeddingStoreDefinition>> byParent = new LinkedHashMap<>();
		definitions.forEach((definition) -> byParent
			.computeIfAbsent(definition.parentType(), (type) -> new ArrayList<>())
			.add(definition));
		byParent.forEach((parentType, relationships) -> writeParent(xml, parentType, relationships));
		definitions.forEach((definition) -> writeStore(xml, definition));
		for (EmbeddingStoreDefinition definition : definitions) {
			ParentKey key = definition.parentKey();
			if (key.composite() && !key.declaredEmbeddable()) {
				// An @IdClass is a plain class; the store embeds it, so it must be known as embeddable.
				xml.append("  <embeddable class=\"").append(escape(key.type().getName())).append("\"/>\n");
			}
		}
		xml.append("</entity-mappings>\n");
		return xml.toString();
	}

	private static void writeParent(StringBuilder xml, Class<?> parentType,
			List<EmbeddingStoreDefinition> definitions) {
		xml.append("  <entity class=\"").append(escape(parentType.getName())).append('"');
		if (!parentType.isAnnotationPresent(Access.class)) {
			// The parent's key is an @Id field (the scanner reads no other), so its access is the
			// field's. Hibernate would otherwise take property access for an entity named here
			// whose @Id it inherits from a @MappedSuperclass, and look for setters.
			xml.append(" access=\"FIELD\"");
		}
		xml.append(" metadata-complete=\"false\">\n");
		xml.append("    <attributes>\n");
		definitions.forEach((definition) -> writeField(xml, definition));
		xml.append("    </attributes>\n");
		xml.append("  </entity>\n");
	}

	private static void writeField(StringBuilder xml, EmbeddingStoreDefinition definition) {
		// The annotation is on a field, whatever access the rest of the entity has.
		xml.append("      <one-to-many name=\"").append(escape(definition.fieldName()))
			.append("\" access=\"FIELD\" target-entity=\"").append(escape(definition.storeClassName()))
			.append("\" mapped-by=\"").append(EmbeddingStoreClassGenerator.PARENT_FIELD)
			.append("\" fetch=\"").append(definition.fetch()).append("\">\n");
		xml.append("        <order-by>chunkSeq</order-by>\n");
		if (definition.fetch() == FetchType.EAGER) {
			// The embeddings of all parents a query loads come in one more statement, not one per parent.
			xml.append("        <batch-size>").append(EAGER_BATCH_SIZE).append("</batch-size>\n");
		}
		xml.append("      </one-to-many>\n");
	}

	private static void writeStore(StringBuilder xml, EmbeddingStoreDefinition definition) {
		ParentKey key = definition.parentKey();
		xml.append("  <entity class=\"").append(escape(definition.storeClassName())).append("\" name=\"")
			.append(escape(definition.storeEntityName())).append("\" access=\"FIELD\" metadata-complete=\"false\">\n");
		xml.append("    <table name=\"").append(escape(definition.table())).append('"');
		if (definition.schema() != null) {
			xml.append(" schema=\"").append(escape(definition.schema())).append('"');
		}
		xml.append("/>\n");
		// The vectorizer owns the rows; the application only reads them.
		xml.append("    <mutable>false</mutable>\n");
		xml.append("    <attributes>\n");
		if (!key.composite()) {
			String column = key.columns().get(0).column();
			xml.append("      <basic name=\"").append(EmbeddingStoreClassGenerator.PARENT_ID_FIELD).append("\">\n");
			xml.append("        <column name=\"").append(escape(column))
				.append("\" insertable=\"false\" updatable=\"false\"/>\n");
			xml.append("      </basic>\n");
		}
		xml.append("      <many-to-one name=\"").append(EmbeddingStoreClassGenerator.PARENT_FIELD)
			.append("\" target-entity=\"").append(escape(definition.parentType().getName()))
			.append("\" fetch=\"").append(definition.parentFetch())
			// Batched selects: a join applies to find() only, while queries would load parents one by one.
			.append("\" fetch-mode=\"SELECT\" optional=\"false\">\n");
		for (ParentKey.KeyColumn column : key.columns()) {
			xml.append("        <join-column name=\"").append(escape(column.column()))
				.append("\" referenced-column-name=\"").append(escape(column.column()))
				.append("\" insertable=\"false\" updatable=\"false\"/>\n");
		}
		// pgai dropped the store's foreign key to the source table; never ask for one.
		xml.append("        <foreign-key constraint-mode=\"NO_CONSTRAINT\"/>\n");
		xml.append("      </many-to-one>\n");
		if (key.composite()) {
			xml.append("      <embedded name=\"").append(EmbeddingStoreClassGenerator.PARENT_ID_FIELD).append("\">\n");
			for (ParentKey.KeyColumn column : key.columns()) {
				xml.append("        <attribute-override name=\"").append(escape(column.attribute())).append("\">\n");
				xml.append("          <column name=\"").append(escape(column.column()))
					.append("\" insertable=\"false\" updatable=\"false\"/>\n");
				xml.append("        </attribute-override>\n");
			}
			xml.append("      </embedded>\n");
		}
		xml.append("    </attributes>\n");
		xml.append("  </entity>\n");
	}

	private static String escape(String value) {
		return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
