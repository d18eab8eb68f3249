package io.pgai.spring.relationship;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.ClassUtils;

/**
 * Writes the store classes when the application is built with Spring AOT
 * ({@code spring-boot:process-aot}), so that it defines none when it runs, and registers the
 * reflection Hibernate needs on them, on their parents' relationship fields and on composite keys.
 * <p>
 * The classes do not depend on how the application is configured when it runs: schema, table and
 * fetch live in the mapping, which is still written at startup.
 */
class EmbeddingStoreClassesAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		List<EmbeddingStoreDefinition> definitions = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(VectorizerRelationships.class, false, false)) {
			definitions.addAll(beanFactory.getBean(name, VectorizerRelationships.class).definitions());
		}
		if (definitions.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			reflection.registerType(StoredEmbedding.class, MemberCategory.ACCESS_DECLARED_FIELDS,
					MemberCategory.INVOKE_DECLARED_METHODS);
			// Named by StoredEmbedding's @JdbcType; Hibernate instantiates it.
			reflection.registerType(BinaryVectorJdbcType.class, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
			for (EmbeddingStoreDefinition definition : definitions) {
				generationContext.getGeneratedFiles()
					.addClassFile(ClassUtils.convertClassNameToResourcePath(definition.storeClassName()) + ".class",
							new ByteArrayResource(EmbeddingStoreClassGenerator.bytecode(definition)));
				reflection.registerType(TypeReference.of(definition.storeClassName()),
						MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.ACCESS_DECLARED_FIELDS,
						MemberCategory.INVOKE_DECLARED_METHODS);
				reflection.registerField(definition.field());
				if (definition.parentKey().composite()) {
					reflection.registerType(definition.parentKey().type(), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
							MemberCategory.ACCESS_DECLARED_FIELDS, MemberCategory.INVOKE_DECLARED_METHODS);
				}
			}
		};
	}

}
