package io.pgai.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.pgai.spring.Fetch;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.query.MissingQueryEmbedder;
import io.pgai.spring.query.VectorizerModelQueryEmbedder;
import io.pgai.spring.query.VectorizerResolvingQueryEmbedder;
import io.pgai.spring.VectorizerRelationship;
import io.pgai.spring.relationship.EmbeddingStoreSettings;
import io.pgai.spring.relationship.EmbeddingStoreValidator;
import io.pgai.spring.relationship.VectorizerRelationshipScanner;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.repository.EmbeddingRepositoryFactory;
import io.pgai.spring.repository.HnswSessionSettings;
import io.pgai.spring.vectorizer.worker.EmbeddingProviders;
import io.pgai.spring.vectorizer.worker.VectorizerCatalog;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.FetchType;
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
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of pgai embedding stores: maps every
 * {@link VectorizerRelationship} field of the persistence unit's entities, checks the stores at
 * startup and makes their repositories. The vectorizer catalog and worker, which need only a
 * {@code DataSource}, are {@link PgaiVectorizerAutoConfiguration}'s.
 */
@AutoConfiguration(after = { HibernateJpaAutoConfiguration.class, PgaiVectorizerAutoConfiguration.class,
		PgaiQueryEmbeddingAutoConfiguration.class })
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
			return new VectorizerRelationships(new VectorizerRelationshipScanner(settings(properties)).scan(classes));
		}

		private static EmbeddingStoreSettings settings(PgaiProperties properties) {
			String schema = (properties.getSchema() != null && !properties.getSchema().isBlank())
					? properties.getSchema() : null;
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
		static EmbeddingRepositoryRegistrar embeddingRepositoryRegistrar() {
			return new EmbeddingRepositoryRegistrar();
		}

		@Bean
		@ConditionalOnMissingBean
		HnswSessionSettings hnswSessionSettings(PgaiProperties properties) {
			return new HnswSessionSettings(properties.getSearch().getEfSearch(),
					properties.getSearch().getIterativeScan());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean({ EntityManagerFactory.class, PlatformTransactionManager.class })
		EmbeddingRepositoryFactory embeddingRepositoryFactory(EntityManagerFactory entityManagerFactory,
				VectorizerRelationships relationships, HnswSessionSettings hnsw,
				PlatformTransactionManager transactionManager, ObjectProvider<QueryEmbedder> queryEmbedder,
				ObjectProvider<VectorizerCatalog> vectorizerCatalog, ObjectProvider<EmbeddingProviders> embeddingProviders,
				PgaiProperties properties) {
			TransactionTemplate transactions = new TransactionTemplate(transactionManager);
			transactions.setReadOnly(true);
			// An application or Spring AI embedder wins; else the model of the vectorizer that writes the store.
			return new EmbeddingRepositoryFactory(SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory),
					relationships, hnsw, transactions,
					() -> queryEmbedder(queryEmbedder, vectorizerCatalog, embeddingProviders),
					properties.getSearch().getMaxK());
		}

		/**
		 * The application's (or Spring AI's, or LangChain4j's) embedder, else the model of the
		 * vectorizer that writes the store; either is told which vectorizer that is.
		 */
		private static QueryEmbedder queryEmbedder(ObjectProvider<QueryEmbedder> declared,
				ObjectProvider<VectorizerCatalog> vectorizerCatalog, ObjectProvider<EmbeddingProviders> embeddingProviders) {
			VectorizerCatalog catalog = vectorizerCatalog.getIfAvailable();
			EmbeddingProviders providers = embeddingProviders.getIfAvailable();
			QueryEmbedder embedder = declared.getIfAvailable(() -> (catalog != null && providers != null)
					? new VectorizerModelQueryEmbedder(providers, MissingQueryEmbedder.behindVectorizers())
					: new MissingQueryEmbedder());
			return (catalog != null) ? new VectorizerResolvingQueryEmbedder(catalog, embedder) : embedder;
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
