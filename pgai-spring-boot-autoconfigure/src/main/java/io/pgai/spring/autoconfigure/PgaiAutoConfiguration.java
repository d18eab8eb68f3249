package io.pgai.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.pgai.spring.VectorizerRelationship;
import io.pgai.spring.relationship.EmbeddingStoreValidator;
import io.pgai.spring.relationship.VectorizerRelationshipScanner;
import io.pgai.spring.relationship.VectorizerRelationships;
import jakarta.persistence.EntityManagerFactory;
import net.bytebuddy.ByteBuddy;
import org.hibernate.engine.spi.SessionImplementor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of pgai embedding stores: maps every
 * {@link VectorizerRelationship} field of the persistence unit's entities and checks the stores at
 * startup.
 */
@AutoConfiguration(after = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass({ VectorizerRelationship.class, SessionImplementor.class, PersistenceManagedTypes.class,
		ByteBuddy.class })
@EnableConfigurationProperties(PgaiProperties.class)
public final class PgaiAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(PersistenceManagedTypes.class)
	static class VectorizerRelationshipConfiguration {

		@Bean
		@ConditionalOnMissingBean
		VectorizerRelationships vectorizerRelationships(PersistenceManagedTypes managedTypes,
				PgaiProperties properties, ResourceLoader resourceLoader) {
			List<Class<?>> classes = new ArrayList<>();
			for (String className : managedTypes.getManagedClassNames()) {
				classes.add(ClassUtils.resolveClassName(className, resourceLoader.getClassLoader()));
			}
			return new VectorizerRelationships(new VectorizerRelationshipScanner(properties.toSettings()).scan(classes));
		}

		@Bean
		EmbeddingStoreHibernatePropertiesCustomizer embeddingStoreHibernatePropertiesCustomizer(
				VectorizerRelationships relationships, ResourceLoader resourceLoader) {
			return new EmbeddingStoreHibernatePropertiesCustomizer(relationships, resourceLoader.getClassLoader());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "pgai", name = "validate-stores", matchIfMissing = true)
		@ConditionalOnBean({ DataSource.class, EntityManagerFactory.class })
		EmbeddingStoreValidator embeddingStoreValidator(DataSource dataSource,
				EntityManagerFactory entityManagerFactory, VectorizerRelationships relationships) {
			return new EmbeddingStoreValidator(dataSource, entityManagerFactory, relationships);
		}

	}

}
