package io.pgai.spring.autoconfigure;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.VectorizerRelationship;
import io.pgai.spring.relationship.VectorizerRelationshipScanner;
import io.pgai.spring.repository.EmbeddingRepositoryFactoryBean;
import jakarta.persistence.Entity;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypesScanner;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Registers one {@link EmbeddingRepository} bean per {@link VectorizerRelationship} field, typed
 * {@code EmbeddingRepository<Parent>} for injection by generic type and named
 * {@code {entityName}{FieldName}Repository} for {@code @Qualifier}; and one bean per application
 * interface extending {@code EmbeddingRepository}, which takes the generated one's place.
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
		if (!(registry instanceof ConfigurableListableBeanFactory beanFactory) || AotDetector.useGeneratedArtifacts()) {
			// Ahead-of-time, the definitions registered at build time are code already.
			return;
		}
		String[] packages = packagesToScan(beanFactory);
		List<Relationship> relationships = relationships(packages);
		for (Class<?> repositoryInterface : repositoryInterfaces(packages)) {
			String name = StringUtils.uncapitalize(repositoryInterface.getSimpleName());
			if (registry.containsBeanDefinition(name)) {
				continue;
			}
			registry.registerBeanDefinition(name, definition(repositoryInterface));
			Class<?> parent = ResolvableType.forClass(repositoryInterface).as(EmbeddingRepository.class).resolveGeneric(0);
			List<Relationship> covered = relationships.stream().filter((r) -> r.parent() == parent).toList();
			if (covered.size() == 1) {
				// The application's repository replaces the generated one, which stays reachable by its name.
				relationships.remove(covered.get(0));
				registry.registerAlias(name, beanName(covered.get(0)));
			}
		}
		for (Relationship relationship : relationships) {
			String name = beanName(relationship);
			if (!registry.containsBeanDefinition(name) && !registry.isAlias(name)) {
				registry.registerBeanDefinition(name, definition(relationship));
			}
		}
	}

	private static RootBeanDefinition definition(Class<?> repositoryInterface) {
		return factoryBean(ResolvableType.forClass(repositoryInterface), repositoryInterface);
	}

	private List<Class<?>> repositoryInterfaces(String[] packages) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition beanDefinition) {
				return beanDefinition.getMetadata().isInterface() && beanDefinition.getMetadata().isIndependent();
			}
		};
		scanner.setResourceLoader(this.resourceLoader);
		scanner.addIncludeFilter(new AssignableTypeFilter(EmbeddingRepository.class));
		List<Class<?>> interfaces = new ArrayList<>();
		for (String basePackage : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				String className = candidate.getBeanClassName();
				if (className == null) {
					continue;
				}
				Class<?> type = ClassUtils.resolveClassName(className, this.resourceLoader.getClassLoader());
				if (type != EmbeddingRepository.class && !interfaces.contains(type)) {
					interfaces.add(type);
				}
			}
		}
		return interfaces;
	}

	private static RootBeanDefinition definition(Relationship relationship) {
		return factoryBean(ResolvableType.forClassWithGenerics(EmbeddingRepository.class, relationship.parent()),
				relationship.parent(), relationship.field());
	}

	private static RootBeanDefinition factoryBean(ResolvableType repositoryType, Object... arguments) {
		RootBeanDefinition definition = new RootBeanDefinition(EmbeddingRepositoryFactoryBean.class);
		for (int i = 0; i < arguments.length; i++) {
			definition.getConstructorArgumentValues().addIndexedArgumentValue(i, arguments[i]);
		}
		// The repository's generic type, for injection by EmbeddingRepository<Parent>, before any bean exists.
		definition.setTargetType(ResolvableType.forClassWithGenerics(EmbeddingRepositoryFactoryBean.class, repositoryType));
		definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, repositoryType);
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
			// The same fields the persistence unit's scanner maps, so beans and mappings agree.
			for (Field field : VectorizerRelationshipScanner.relationshipFields(type)) {
				relationships.add(new Relationship(type, field.getName()));
			}
		}
		return relationships;
	}

	private static String[] packagesToScan(ConfigurableListableBeanFactory beanFactory) {
		List<String> packages = new ArrayList<>(EntityScanPackages.get(beanFactory).getPackageNames());
		if (AutoConfigurationPackages.has(beanFactory)) {
			AutoConfigurationPackages.get(beanFactory).stream().filter((p) -> !packages.contains(p)).forEach(packages::add);
		}
		return StringUtils.toStringArray(packages);
	}

	record Relationship(Class<?> parent, String field) {
	}

}
