package io.pgai.spring.autoconfigure;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.VectorizerRelationship;
import io.pgai.spring.repository.EmbeddingRepositoryFactory;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypesScanner;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Registers one {@link EmbeddingRepository} bean per {@link VectorizerRelationship} field, typed
 * {@code EmbeddingRepository<Parent>} for injection by generic type and named
 * {@code {entityName}{FieldName}Repository} for {@code @Qualifier}.
 * <p>
 * Bean definitions must exist before any bean does, so the entities are found the way Boot finds
 * them for the persistence unit: the {@code @EntityScan} packages, else the auto-configuration
 * packages.
 */
class EmbeddingRepositoryRegistrar implements BeanDefinitionRegistryPostProcessor, ResourceLoaderAware {

	private ResourceLoader resourceLoader = new DefaultResourceLoader();

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
			return;
		}
		for (Relationship relationship : relationships(packagesToScan(beanFactory))) {
			String name = beanName(relationship);
			if (!registry.containsBeanDefinition(name)) {
				registry.registerBeanDefinition(name, definition(relationship, beanFactory));
			}
		}
	}

	private static RootBeanDefinition definition(Relationship relationship, BeanFactory beanFactory) {
		RootBeanDefinition definition = new RootBeanDefinition(EmbeddingRepository.class);
		definition.setTargetType(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, relationship.parent()));
		definition.setInstanceSupplier(() -> beanFactory.getBean(EmbeddingRepositoryFactory.class)
			.create(relationship.parent(), relationship.field()));
		return definition;
	}

	static String beanName(Relationship relationship) {
		Entity entity = relationship.parent().getAnnotation(Entity.class);
		String entityName = (entity != null && !entity.name().isEmpty()) ? entity.name()
				: relationship.parent().getSimpleName();
		return StringUtils.uncapitalize(entityName) + StringUtils.capitalize(relationship.field()) + "Repository";
	}

	private List<Relationship> relationships(String[] packages) {
		List<Relationship> relationships = new ArrayList<>();
		if (packages.length == 0) {
			return relationships;
		}
		ClassLoader classLoader = this.resourceLoader.getClassLoader();
		for (String className : new PersistenceManagedTypesScanner(this.resourceLoader).scan(packages)
			.getManagedClassNames()) {
			Class<?> type = ClassUtils.resolveClassName(className, classLoader);
			if (type.isAnnotationPresent(Entity.class)) {
				for (Class<?> current = type; current != null && (current == type
						|| current.isAnnotationPresent(MappedSuperclass.class)); current = current.getSuperclass()) {
					for (Field field : current.getDeclaredFields()) {
						if (field.isAnnotationPresent(VectorizerRelationship.class)) {
							relationships.add(new Relationship(type, field.getName()));
						}
					}
				}
			}
		}
		return relationships;
	}

	private static String[] packagesToScan(ConfigurableListableBeanFactory beanFactory) {
		List<String> packages = EntityScanPackages.get(beanFactory).getPackageNames();
		if (packages.isEmpty() && AutoConfigurationPackages.has(beanFactory)) {
			packages = AutoConfigurationPackages.get(beanFactory);
		}
		return StringUtils.toStringArray(packages);
	}

	record Relationship(Class<?> parent, String field) {
	}

}
