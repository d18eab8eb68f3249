package io.pgai.spring.autoconfigure;

import java.util.function.Supplier;

import javax.sql.DataSource;

import io.pgai.spring.vectorizer.AiSchemaInstaller;
import io.pgai.spring.vectorizer.embedding.EmbeddingProvider;
import io.pgai.spring.vectorizer.worker.Documents;
import io.pgai.spring.vectorizer.worker.EmbeddingProviders;
import io.pgai.spring.vectorizer.worker.LocalModels;
import io.pgai.spring.vectorizer.worker.VectorizerCatalog;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import io.pgai.spring.vectorizer.worker.WorkerMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of pgai's vectorizers: installs the {@code ai} catalog and runs the worker
 * that keeps the stores in step with their tables. It needs a {@code DataSource} and nothing of
 * JPA, so a service that only runs vectorizers ({@code spring-boot-starter-jdbc} and the starter
 * without Hibernate) gets both.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		afterName = { "org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration" })
@ConditionalOnClass({ JdbcTemplate.class, RestClient.class })
@EnableConfigurationProperties(PgaiProperties.class)
public final class PgaiVectorizerAutoConfiguration {

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
		VectorizerHttpClient vectorizerHttpClient(ObjectProvider<RestClient.Builder> builder,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactories,
				ObjectProvider<HttpClientSettings> settings, PgaiProperties properties, ResourceLoader resourceLoader) {
			PgaiProperties.Worker worker = properties.getVectorizer().getWorker();
			return new VectorizerHttpClient(builder.getIfAvailable(RestClient::builder),
					requestFactories
						.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader())),
					settings.getIfAvailable(HttpClientSettings::defaults), worker.getConnectTimeout(),
					worker.getReadTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		EmbeddingProviders embeddingProviders(Environment environment, PgaiProperties properties,
				VectorizerHttpClient http, ObjectProvider<Supplier<EmbeddingProvider>> localProvider) {
			PgaiProperties.Worker worker = properties.getVectorizer().getWorker();
			return new EmbeddingProviders(environment, http.builder(),
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
				VectorizerHttpClient http, ObjectProvider<WorkerMetrics> metrics, PgaiProperties properties) {
			PgaiProperties.Worker worker = properties.getVectorizer().getWorker();
			return new VectorizerWorker(new VectorizerCatalog(pool.getDataSource()), pool.getDataSource(), providers,
					new Documents(http.builder(), worker.getDocuments().isReadFiles(),
							worker.getDocuments().getMaxSize().toBytes(), worker.getDocuments().getS3Endpoint()),
					metrics.getIfAvailable(() -> WorkerMetrics.NONE),
					worker.toSettings(), pool.sizer());
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

}
