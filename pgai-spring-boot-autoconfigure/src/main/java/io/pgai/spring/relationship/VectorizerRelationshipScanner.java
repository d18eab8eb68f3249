package io.pgai.spring.relationship;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pgai.spring.Distance;
import io.pgai.spring.sql.ChunkTextSearch;
import io.pgai.spring.Embedding;
import io.pgai.spring.Fetch;
import io.pgai.spring.VectorizerRelationship;
import io.pgai.spring.sql.SqlQuoting;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Finds the {@link VectorizerRelationship} fields of entity classes and resolves each into an
 * {@link EmbeddingStoreDefinition}, applying the configured defaults.
 */
public class VectorizerRelationshipScanner {

	private final EmbeddingStoreSettings settings;

	/**
	 * Creates a scanner.
	 * @param settings the defaults for attributes left unset
	 */
	public VectorizerRelationshipScanner(EmbeddingStoreSettings settings) {
		this.settings = settings;
		String pattern = settings.tableNamePattern();
		if (!pattern.contains(EmbeddingStoreSettings.TABLE_PLACEHOLDER)) {
			throw new InvalidVectorizerRelationshipException("pgai.table-name-pattern", pattern,
					"the pattern does not contain " + EmbeddingStoreSettings.TABLE_PLACEHOLDER
							+ ", so every entity's store would get the same table",
					"Include " + EmbeddingStoreSettings.TABLE_PLACEHOLDER + ", as in the default "
							+ EmbeddingStoreSettings.DEFAULT_TABLE_NAME_PATTERN + ".");
		}
		if (settings.schema() != null) {
			requirePlain(settings.schema(), "pgai.schema", "schema");
		}
	}

	/**
	 * Resolves the relationships declared by the given classes; classes that are not entities
	 * are skipped.
	 * @param classes the persistence unit's managed classes
	 * @return one definition per annotated field, in class then field order
	 * @throws InvalidVectorizerRelationshipException if a relationship cannot be mapped
	 */
	public List<EmbeddingStoreDefinition> scan(Collection<Class<?>> classes) {
		List<EmbeddingStoreDefinition> definitions = new ArrayList<>();
		for (Class<?> type : classes) {
			for (Field field : relationshipFields(type)) {
				definitions.add(define(type, field, field.getAnnotation(VectorizerRelationship.class)));
			}
		}
		rejectSharedTables(definitions);
		return definitions;
	}

	private EmbeddingStoreDefinition define(Class<?> parentType, Field field, VectorizerRelationship annotation) {
		String relationship = parentType.getSimpleName() + "." + field.getName();
		checkFieldType(parentType, field, relationship);
		if (annotation.dimensions() <= 0) {
			throw new InvalidVectorizerRelationshipException(relationship, String.valueOf(annotation.dimensions()),
					"dimensions must be positive",
					"Set @VectorizerRelationship(dimensions = ...) to the dimensions of the vectorizer's embedding model, 768 for text-embedding-3-small with dimensions => 768.");
		}
		String parentEntityName = entityName(parentType);
		Table parentTableAnnotation = findTable(parentType);
		String parentTable = (parentTableAnnotation != null && !parentTableAnnotation.name().isEmpty())
				? parentTableAnnotation.name() : parentEntityName;
		String table;
		if (!annotation.targetTable().isEmpty()) {
			table = requirePlain(annotation.targetTable(), relationship, "targetTable");
		}
		else {
			if (!SqlQuoting.isPlain(parentTable)) {
				throw new InvalidVectorizerRelationshipException(relationship, parentTable,
						"the parent's table name cannot be turned into a store table name",
						"Name the store explicitly with @VectorizerRelationship(targetTable = ...).");
			}
			table = requirePlain(
					this.settings.tableNamePattern().replace(EmbeddingStoreSettings.TABLE_PLACEHOLDER, parentTable),
					relationship, "store table (from pgai.table-name-pattern)");
		}
		String schema = firstNonEmpty(annotation.targetSchema(),
				(parentTableAnnotation != null) ? parentTableAnnotation.schema() : null, this.settings.schema());
		if (schema != null) {
			requirePlain(schema, relationship, "schema");
		}
		String suffix = StringUtils.capitalize(field.getName());
		return new EmbeddingStoreDefinition(parentType, field, parentEntityName, parentTable,
				parentKey(parentType, relationship), parentEntityName + suffix,
				parentType.getName() + "$" + suffix + "Store", schema, table, annotation.dimensions(),
				resolve(annotation.fetch(), this.settings.fetch()),
				resolve(annotation.parentFetch(), this.settings.parentFetch()),
				(annotation.distance() != Distance.DEFAULT) ? annotation.distance() : defaultDistance(),
				textSearchConfig(annotation.textSearchConfig(), relationship));
	}

	private static @Nullable String textSearchConfig(String configured, String relationship) {
		if (configured.isEmpty()) {
			return null;
		}
		try {
			return ChunkTextSearch.of(configured).config();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidVectorizerRelationshipException(relationship, configured,
					"textSearchConfig is not a plain text search configuration name",
					"Name one of the database's configurations (select cfgname from pg_ts_config), such as "
							+ "english or german, optionally qualified by its schema.");
		}
	}

	private void checkFieldType(Class<?> parentType, Field field, String relationship) {
		Type type = field.getGenericType();
		boolean valid = false;
		if (type instanceof ParameterizedType collection && collection.getRawType() instanceof Class<?> raw
				&& (raw == List.class || raw == Collection.class)) {
			Type element = collection.getActualTypeArguments()[0];
			if (element instanceof ParameterizedType embedding && embedding.getRawType() == Embedding.class) {
				Type parent = embedding.getActualTypeArguments()[0];
				if (parent instanceof WildcardType wildcard && wildcard.getUpperBounds().length == 1) {
					parent = wildcard.getUpperBounds()[0];
				}
				valid = parent instanceof Class<?> parentClass && parentClass.isAssignableFrom(parentType);
			}
		}
		if (!valid) {
			throw new InvalidVectorizerRelationshipException(relationship, type.getTypeName(),
					"the field's type is not List<Embedding<" + parentType.getSimpleName() + ">>",
					"Declare the field as List<Embedding<" + parentType.getSimpleName() + ">> "
							+ field.getName() + ";");
		}
	}

	private ParentKey parentKey(Class<?> parentType, String relationship) {
		IdClass idClass = findIdClass(parentType);
		List<Field> ids = new ArrayList<>();
		Field embeddedId = null;
		for (Field field : persistentFields(parentType)) {
			if (field.isAnnotationPresent(EmbeddedId.class)) {
				embeddedId = field;
			}
			else if (field.isAnnotationPresent(Id.class)) {
				ids.add(field);
			}
		}
		if (embeddedId != null) {
			Map<String, String> overrides = attributeOverrides(embeddedId);
			List<ParentKey.KeyColumn> columns = new ArrayList<>();
			for (Field part : persistentFields(embeddedId.getType())) {
				columns.add(new ParentKey.KeyColumn(part.getName(),
						overrides.getOrDefault(part.getName(), columnName(part))));
			}
			return new ParentKey(embeddedId.getType(), true, true, columns);
		}
		if (idClass != null) {
			Map<String, Field> byName = new HashMap<>();
			ids.forEach((id) -> byName.put(id.getName(), id));
			List<ParentKey.KeyColumn> columns = new ArrayList<>();
			for (Field part : persistentFields(idClass.value())) {
				Field id = byName.get(part.getName());
				if (id == null) {
					throw new InvalidVectorizerRelationshipException(relationship, idClass.value().getName(),
							"the @IdClass attribute '" + part.getName() + "' has no @Id field in the entity",
							"Give the entity an @Id field for each attribute of its @IdClass.");
				}
				columns.add(new ParentKey.KeyColumn(part.getName(), columnName(id)));
			}
			return new ParentKey(idClass.value(), true, idClass.value().isAnnotationPresent(Embeddable.class),
					columns);
		}
		if (ids.size() == 1) {
			Field id = ids.get(0);
			return new ParentKey(id.getType(), false, false,
					List.of(new ParentKey.KeyColumn(id.getName(), columnName(id))));
		}
		throw new InvalidVectorizerRelationshipException(relationship, null,
				"the entity has no @Id or @EmbeddedId field (property access is not supported)",
				"Annotate the primary key field with @Id, @EmbeddedId, or several @Id fields with @IdClass.");
	}

	private static Map<String, String> attributeOverrides(Field field) {
		Map<String, String> overrides = new HashMap<>();
		List<AttributeOverride> all = new ArrayList<>(List.of(field.getAnnotationsByType(AttributeOverride.class)));
		AttributeOverrides container = field.getAnnotation(AttributeOverrides.class);
		if (container != null) {
			all.addAll(List.of(container.value()));
		}
		for (AttributeOverride override : all) {
			if (!override.column().name().isEmpty()) {
				overrides.put(override.name(), override.column().name());
			}
		}
		return overrides;
	}

	private static String columnName(Field field) {
		Column column = field.getAnnotation(Column.class);
		return (column != null && !column.name().isEmpty()) ? column.name() : field.getName();
	}

	/**
	 * The {@link VectorizerRelationship} fields of an entity class, its mapped and entity
	 * superclasses included; none for a class that is not an entity.
	 * @param type the class
	 * @return the annotated fields, superclass fields first
	 */
	public static List<Field> relationshipFields(Class<?> type) {
		if (!type.isAnnotationPresent(Entity.class)) {
			return List.of();
		}
		return persistentFields(type).stream()
			.filter((field) -> field.isAnnotationPresent(VectorizerRelationship.class))
			.toList();
	}

	/** Persistent fields of the class and its mapped superclasses, superclass fields first. */
	private static List<Field> persistentFields(Class<?> type) {
		List<Class<?>> hierarchy = new ArrayList<>();
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			if (current == type || current.isAnnotationPresent(MappedSuperclass.class)
					|| current.isAnnotationPresent(Entity.class)) {
				hierarchy.add(0, current);
			}
		}
		List<Field> fields = new ArrayList<>();
		for (Class<?> current : hierarchy) {
			for (Field field : current.getDeclaredFields()) {
				int modifiers = field.getModifiers();
				if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()
						&& !field.isAnnotationPresent(Transient.class)) {
					fields.add(field);
				}
			}
		}
		return fields;
	}

	private static @Nullable IdClass findIdClass(Class<?> type) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			IdClass idClass = current.getAnnotation(IdClass.class);
			if (idClass != null) {
				return idClass;
			}
		}
		return null;
	}

	private static @Nullable Table findTable(Class<?> type) {
		return type.getAnnotation(Table.class);
	}

	private static String entityName(Class<?> type) {
		Entity entity = type.getAnnotation(Entity.class);
		return (entity != null && !entity.name().isEmpty()) ? entity.name() : type.getSimpleName();
	}

	private Distance defaultDistance() {
		return (this.settings.distance() != Distance.DEFAULT) ? this.settings.distance() : Distance.COSINE;
	}

	private static FetchType resolve(Fetch fetch, FetchType fallback) {
		return switch (fetch) {
			case LAZY -> FetchType.LAZY;
			case EAGER -> FetchType.EAGER;
			case DEFAULT -> fallback;
		};
	}

	private static @Nullable String firstNonEmpty(@Nullable String... candidates) {
		for (String candidate : candidates) {
			if (StringUtils.hasLength(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static void rejectSharedTables(List<EmbeddingStoreDefinition> definitions) {
		Map<String, EmbeddingStoreDefinition> byTable = new HashMap<>();
		for (EmbeddingStoreDefinition definition : definitions) {
			String key = definition.qualifiedTable().toLowerCase(Locale.ROOT);
			EmbeddingStoreDefinition other = byTable.putIfAbsent(key, definition);
			if (other != null) {
				throw new InvalidVectorizerRelationshipException(definition.describe(), definition.qualifiedTable(),
						"both " + other.describe() + " and " + definition.describe() + " map to the store table",
						"Give each relationship its own store with @VectorizerRelationship(targetTable = ...), as each pgai vectorizer has its own destination.");
			}
		}
	}

	private static String requirePlain(String identifier, String relationship, String what) {
		SqlQuoting.checkPlain(identifier, what).ifPresent((rejection) -> {
			throw new InvalidVectorizerRelationshipException(relationship, identifier, rejection.reason(),
					rejection.fix());
		});
		return identifier;
	}

}
