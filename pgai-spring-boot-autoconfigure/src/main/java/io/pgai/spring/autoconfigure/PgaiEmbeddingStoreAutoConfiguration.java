package io.pgai.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.pgai.spring.Fetch;
import io.pgai.spring.VectorizerRelationship;
import io.pgai.spring.relationship.EmbeddingStoreSettings;
import io.pgai.spring.relationship.EmbeddingStoreValidator;
import io.pgai.spring.relationship.VectorizerRelationshipScanner;
import io.pgai.spring.relationship.VectorizerRelationships;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.FetchType;
import net.bytebuddy.ByteBuddy;
import org.hibernate.engine.spi.SessionImplementor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the embedding stores' mapping: finds every {@link VectorizerRelationship}
 * field of the persistence unit's entities, maps a store entity for each into Hibernate's
 * persistence unit and checks the stores against the database at startup. Needs Hibernate; the
 * vectorizer catalog and worker, which need only a {@code DataSource}, are
 * {@link PgaiVectorizerAutoConfiguration}'s, the repositories
 * {@link PgaiEmbeddingRepositoriesAutoConfiguration}'s.
 */
@AutoConfiguration(after = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass({ VectorizerRelationship.class, SessionImplementor.class, PersistenceManagedTypes.class,
		ByteBuddy.class })
@ConditionalOnBean(PersistenceManagedTypes.class)
@EnableConfigurationProperties(PgaiProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class PgaiEmbeddingStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	VectorizerRelationships vectorizerRelationships(PersistenceManagedTypes managedTypes, PgaiProperties properties,
			ResourceLoader resourceLoader) {
		List<Class<?>> classes = new ArrayList<>();
		for (String className : managedTypes.getManagedClassNames()) {
			classes.add(ClassUtils.resolveClassName(className, resourceLoader.getClassLoader()));
		}
		return new VectorizerRelationships(new VectorizerRelationshipScanner(settings(properties)).scan(classes));
	}

	private static EmbeddingStoreSettings settings(PgaiProperties properties) {
		String schema = (properties.getSchema() != null && !properties.getSchema().isBlank()) ? properties.getSchema()
				: null;
		return new EmbeddingStoreSettings(schema, properties.getTableNamePattern(), fetchType(properties.getFetch()),
				fetchType(properties.getParentFetch()), properties.getSearch().getDistance());
	}

	private static FetchType fetchType(Fetch fetch) {
		return (fetch == Fetch.EAGER) ? FetchType.EAGER : FetchType.LAZY;
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
	@DependsOnDatabaseInitialization // the catalog installer may create the vector extension it checks for
	EmbeddingStoreValidator embeddingStoreValidator(DataSource dataSource, EntityManagerFactory entityManagerFactory,
			VectorizerRelationships relationships, PgaiProperties properties) {
		return new EmbeddingStoreValidator(dataSource, entityManagerFactory, relationships,
				properties.getSearch().getHybrid().getTextSearchConfig());
	}

}
