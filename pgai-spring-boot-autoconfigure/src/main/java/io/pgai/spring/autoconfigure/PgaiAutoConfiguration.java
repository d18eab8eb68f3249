package io.pgai.spring.autoconfigure;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.VectorizerRelationship;
import io.pgai.spring.relationship.EmbeddingStoreValidator;
import io.pgai.spring.relationship.VectorizerRelationshipScanner;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.repository.EmbeddingRepositoryFactory;
import io.pgai.spring.repository.HnswSessionSettings;
import io.pgai.spring.repository.LangChain4jQueryEmbedder;
import io.pgai.spring.repository.MissingQueryEmbedder;
import io.pgai.spring.repository.SpringAiQueryEmbedder;
import io.pgai.spring.vectorizer.AiSchemaInstaller;
import io.pgai.spring.vectorizer.embedding.EmbeddingProvider;
import io.pgai.spring.vectorizer.worker.Documents;
import io.pgai.spring.vectorizer.worker.EmbeddingProviders;
import io.pgai.spring.vectorizer.worker.LocalModels;
import io.pgai.spring.vectorizer.worker.MicrometerWorkerMetrics;
import io.pgai.spring.vectorizer.worker.VectorizerCatalog;
import io.pgai.spring.vectorizer.worker.VectorizerHealthIndicator;
import io.pgai.spring.vectorizer.worker.VectorizerQueryEmbedder;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import io.pgai.spring.vectorizer.worker.WorkerMetrics;
import jakarta.persistence.EntityManagerFactory;
import net.bytebuddy.ByteBuddy;
import org.hibernate.engine.spi.SessionImplementor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

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
					() -> queryEmbedder.getIfAvailable(() -> {
						VectorizerCatalog catalog = vectorizerCatalog.getIfAvailable();
						EmbeddingProviders providers = embeddingProviders.getIfAvailable();
						return (catalog != null && providers != null)
								? new VectorizerQueryEmbedder(catalog, providers, MissingQueryEmbedder.behindVectorizers())
								: new MissingQueryEmbedder();
					}),
					properties.getSearch().getMaxK());
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnProperty(prefix = "pgai.vectorizer", name = "install", matchIfMissing = true)
	static class AiSchemaInstallerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AiSchemaInstaller aiSchemaInstaller(DataSource dataSource) {
			return new AiSchemaInstaller(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DataSource.class)
	static class VectorizerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		VectorizerCatalog vectorizerCatalog(DataSource dataSource) {
			return new VectorizerCatalog(dataSource);
		}

		@Bean
		@ConditionalOnMissingBean
		EmbeddingProviders embeddingProviders(Environment environment, PgaiProperties properties,
				ObjectProvider<Supplier<EmbeddingProvider>> localProvider) {
			PgaiProperties.Worker worker = properties.getVectorizer().getWorker();
			return new EmbeddingProviders(environment, restClient(worker),
					() -> {
						Supplier<EmbeddingProvider> local = localProvider.getIfAvailable();
						return (local != null) ? local.get() : null;
					}, worker.getMaxRetries(), worker.getInitialBackoff(), worker.getMaxBackoff(),
					worker.getVoyageBaseUrl());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "pgai.vectorizer.worker", name = "enabled", matchIfMissing = true)
		VectorizerWorkerPool vectorizerWorkerPool(@VectorizerDataSource ObjectProvider<DataSource> declared,
				ObjectProvider<DataSource> application, PgaiProperties properties, ResourceLoader resourceLoader) {
			DataSource own = declared.getIfAvailable();
			if (own != null) {
				return VectorizerWorkerPool.of(own);
			}
			if (!ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", resourceLoader.getClassLoader())) {
				return VectorizerWorkerPool.of(application.getObject());
			}
			PgaiProperties.Worker worker = properties.getVectorizer().getWorker();
			return VectorizerWorkerDataSources.pool(application.getObject(), worker.getDatasource(),
					worker.getConcurrency() + VectorizerWorker.EXTRA_CONNECTIONS);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "pgai.vectorizer.worker", name = "enabled", matchIfMissing = true)
		VectorizerWorker vectorizerWorker(VectorizerWorkerPool pool, EmbeddingProviders providers,
				ObjectProvider<WorkerMetrics> metrics, PgaiProperties properties) {
			PgaiProperties.Worker worker = properties.getVectorizer().getWorker();
			return new VectorizerWorker(new VectorizerCatalog(pool.getDataSource()), pool.getDataSource(), providers,
					new Documents(restClient(worker), worker.getDocuments().isReadFiles(),
							worker.getDocuments().getMaxSize().toBytes(), worker.getDocuments().getS3Endpoint()),
					metrics.getIfAvailable(() -> WorkerMetrics.NONE),
					worker.toSettings(), pool.sizer());
		}

		/** An HTTP client with the worker's timeouts, for providers and documents. */
		private static RestClient.Builder restClient(PgaiProperties.Worker worker) {
			HttpClient httpClient = HttpClient.newBuilder().connectTimeout(worker.getConnectTimeout()).build();
			JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
			requestFactory.setReadTimeout(worker.getReadTimeout());
			return RestClient.builder().requestFactory(requestFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(org.springframework.boot.health.contributor.AbstractHealthIndicator.class)
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnProperty(prefix = "pgai.vectorizer.worker", name = "enabled", matchIfMissing = true)
	@ConditionalOnEnabledHealthIndicator("vectorizer")
	static class VectorizerHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "vectorizerHealthIndicator")
		VectorizerHealthIndicator vectorizerHealthIndicator(VectorizerWorker worker) {
			return new VectorizerHealthIndicator(worker);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(dev.langchain4j.model.embedding.EmbeddingModel.class)
	static class LocalEmbeddingModelConfiguration {

		@Bean
		Supplier<EmbeddingProvider> pgaiLocalEmbeddingProvider(
				ObjectProvider<dev.langchain4j.model.embedding.EmbeddingModel> models, ResourceLoader resourceLoader) {
			return LocalModels.provider(models, resourceLoader.getClassLoader());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(io.micrometer.core.instrument.MeterRegistry.class)
	static class WorkerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WorkerMetrics pgaiWorkerMetrics(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
			io.micrometer.core.instrument.MeterRegistry meters = registry.getIfUnique();
			return (meters != null) ? new MicrometerWorkerMetrics(meters) : WorkerMetrics.NONE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(org.springframework.ai.embedding.EmbeddingModel.class)
	static class SpringAiQueryEmbedderConfiguration {

		@Bean
		@ConditionalOnMissingBean(QueryEmbedder.class)
		@ConditionalOnSingleCandidate(org.springframework.ai.embedding.EmbeddingModel.class)
		SpringAiQueryEmbedder springAiQueryEmbedder(org.springframework.ai.embedding.EmbeddingModel model) {
			return new SpringAiQueryEmbedder(model);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(dev.langchain4j.model.embedding.EmbeddingModel.class)
	static class LangChain4jQueryEmbedderConfiguration {

		@Bean
		@ConditionalOnMissingBean(value = QueryEmbedder.class,
				type = "org.springframework.ai.embedding.EmbeddingModel")
		@ConditionalOnSingleCandidate(dev.langchain4j.model.embedding.EmbeddingModel.class)
		LangChain4jQueryEmbedder langChain4jQueryEmbedder(dev.langchain4j.model.embedding.EmbeddingModel model) {
			return new LangChain4jQueryEmbedder(model);
		}

	}

}
