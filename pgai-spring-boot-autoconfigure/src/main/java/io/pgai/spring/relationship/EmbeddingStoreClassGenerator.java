package io.pgai.spring.relationship;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * Generates the entity class of each embedding store: a subclass of {@link StoredEmbedding} in the
 * parent's package with a {@code parent} and a {@code parentId} field. The class carries no
 * mapping annotations; {@link EmbeddingStoreMappingWriter} maps it, so one class serves every
 * configuration (schema, table, fetch) a context may choose, and a class written when the
 * application is built serves it whatever it is configured with when it runs.
 * <p>
 * Applications built with Spring AOT ({@code spring-boot:process-aot}) have the classes as class
 * files already; the others get them defined at run time.
 * <p>
 * Classes are defined once per parent class, that is per class loader: devtools restarts and
 * several contexts in one JVM reuse or redefine them as their class loaders dictate.
 */
public final class EmbeddingStoreClassGenerator {

	/** The store class field holding the parent association. */
	public static final String PARENT_FIELD = "parent";

	/** The store class field holding the parent's identifier. */
	public static final String PARENT_ID_FIELD = "parentId";

	private static final Log logger = LogFactory.getLog(EmbeddingStoreClassGenerator.class);

	private static final ClassValue<Map<String, Class<?>>> GENERATED = new ClassValue<>() {
		@Override
		protected Map<String, Class<?>> computeValue(Class<?> parentType) {
			return new ConcurrentHashMap<>();
		}
	};

	private EmbeddingStoreClassGenerator() {
	}

	/**
	 * Returns the store class of a relationship: the one built with the application when there is
	 * one (see {@link #bytecode}), else one defined now, once per parent class.
	 * @param definition the relationship
	 * @return the store class, named {@link EmbeddingStoreDefinition#storeClassName()}
	 */
	public static Class<?> storeClass(EmbeddingStoreDefinition definition) {
		return GENERATED.get(definition.parentType())
			.computeIfAbsent(definition.fieldName(), (field) -> builtOrDefined(definition));
	}

	/**
	 * The class file of a relationship's store class, for writing it when the application is
	 * built (Spring AOT), so that it needs no class generation when it runs.
	 * @param definition the relationship
	 * @return the class file's bytes
	 */
	public static byte[] bytecode(EmbeddingStoreDefinition definition) {
		return make(definition).getBytes();
	}

	private static Class<?> builtOrDefined(EmbeddingStoreDefinition definition) {
		ClassLoader classLoader = definition.parentType().getClassLoader();
		if (!ClassUtils.isPresent(definition.storeClassName(), classLoader)) {
			return define(definition);
		}
		Class<?> built = ClassUtils.resolveClassName(definition.storeClassName(), classLoader);
		Field parentId = ReflectionUtils.findField(built, PARENT_ID_FIELD);
		if (!StoredEmbedding.class.isAssignableFrom(built) || parentId == null
				|| parentId.getType() != definition.parentKey().type()) {
			throw new InvalidVectorizerRelationshipException(definition.describe(), definition.storeClassName(),
					"the store class built with the application does not match the entity (its parentId is "
							+ ((parentId != null) ? parentId.getType().getName() : "missing") + ", the key is "
							+ definition.parentKey().type().getName() + ")",
					"Build the application again (spring-boot:process-aot writes the store classes).");
		}
		return built;
	}

	private static DynamicType.Unloaded<?> make(EmbeddingStoreDefinition definition) {
		Class<?> parentType = definition.parentType();
		return new ByteBuddy()
			.subclass(TypeDescription.Generic.Builder.parameterizedType(StoredEmbedding.class, parentType).build(),
					ConstructorStrategy.Default.DEFAULT_CONSTRUCTOR)
			.name(definition.storeClassName())
			.defineField(PARENT_FIELD, parentType, Visibility.PRIVATE)
			.defineField(PARENT_ID_FIELD, definition.parentKey().type(), Visibility.PRIVATE)
			.method(named("getParent"))
			.intercept(FieldAccessor.ofField(PARENT_FIELD))
			.method(named("getParentId"))
			.intercept(FieldAccessor.ofField(PARENT_ID_FIELD))
			.make();
	}

	private static Class<?> define(EmbeddingStoreDefinition definition) {
		Class<?> parentType = definition.parentType();
		if (logger.isDebugEnabled()) {
			logger.debug("Defining store class " + definition.storeClassName()
					+ " at run time: the application was not built with spring-boot:process-aot");
		}
		try {
			// Defined in the parent's package and class loader, so Hibernate finds it wherever it finds the parent.
			MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(parentType, MethodHandles.lookup());
			return make(definition).load(parentType.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(lookup))
				.getLoaded();
		}
		catch (IllegalAccessException | RuntimeException ex) {
			throw new InvalidVectorizerRelationshipException(definition.describe(), definition.storeClassName(),
					"the store entity class could not be generated in " + parentType.getPackageName() + ": " + ex,
					"Make sure the package of " + parentType.getName() + " is open to io.pgai.spring (module-info 'opens').");
		}
	}

}
