package io.pgai.spring.autoconfigure;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgai.spring.Fetch;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.repository.EmbeddingRepositoryFactory;
import io.pgai.spring.test.JpaContextRunners;
import io.pgai.spring.vectorizer.worker.MicrometerWorkerMetrics;
import io.pgai.spring.vectorizer.worker.VectorizerCatalog;
import io.pgai.spring.vectorizer.worker.WorkerMetrics;
import org.hibernate.engine.spi.SessionImplementor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

class PgaiAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgaiVectorizerAutoConfiguration.class,
				PgaiQueryEmbeddingAutoConfiguration.class, PgaiEmbeddingStoreAutoConfiguration.class,
				PgaiEmbeddingRepositoriesAutoConfiguration.class, PgaiVectorizerMetricsAutoConfiguration.class));

	@Test
	void backsOffWithoutAPersistenceUnit() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(VectorizerRelationships.class);
			assertThat(context).doesNotHaveBean(EmbeddingStoreHibernatePropertiesCustomizer.class);
		});
	}

	@Test
	void withAPersistenceUnitEachConcernHasItsBeans() {
		JpaContextRunners.withDatabase()
			.withUserConfiguration(Meters.class)
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(VectorizerCatalog.class);
				assertThat(context).hasSingleBean(VectorizerRelationships.class);
				assertThat(context).hasSingleBean(EmbeddingRepositoryFactory.class);
				assertThat(context.getBean(WorkerMetrics.class)).isInstanceOf(MicrometerWorkerMetrics.class);
			});
	}

	@Test
	void withoutHibernateOnlyTheVectorizerIsConfigured() {
		JpaContextRunners.withDatabase()
			.withClassLoader(new FilteredClassLoader(SessionImplementor.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(VectorizerCatalog.class);
				assertThat(context).doesNotHaveBean(VectorizerRelationships.class);
				assertThat(context).doesNotHaveBean(EmbeddingStoreHibernatePropertiesCustomizer.class);
				assertThat(context).doesNotHaveBean(EmbeddingRepositoryFactory.class);
			});
	}

	@Test
	void withoutSpringDataTheStoresAreMappedButNoRepositoryIsMade() {
		JpaContextRunners.withDatabase()
			.withClassLoader(new FilteredClassLoader(Specification.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(VectorizerRelationships.class);
				assertThat(context).doesNotHaveBean(EmbeddingRepositoryFactory.class);
			});
	}

	@Test
	void withoutSpringAiOrLangChain4jNoQueryEmbedderIsDeclared() {
		this.runner
			.withClassLoader(new FilteredClassLoader(org.springframework.ai.embedding.EmbeddingModel.class,
					dev.langchain4j.model.embedding.EmbeddingModel.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(QueryEmbedder.class);
			});
	}

	@Test
	void withoutAMeterRegistryTheWorkerCountsNothing() {
		this.runner.withUserConfiguration(Meters.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WorkerMetrics.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(WorkerMetrics.class));
	}

	@Test
	void defaultsArePgaisOwn() {
		this.runner.run((context) -> {
			PgaiProperties properties = context.getBean(PgaiProperties.class);
			assertThat(properties.getSchema()).isNull();
			assertThat(properties.getTableNamePattern()).isEqualTo("{table}_embedding_store");
			assertThat(properties.getFetch()).isEqualTo(Fetch.LAZY);
			assertThat(properties.getParentFetch()).isEqualTo(Fetch.LAZY);
			assertThat(properties.isValidateStores()).isTrue();
		});
	}

	@Test
	void propertiesAreMapped() {
		this.runner
			.withPropertyValues("pgai.schema=embeddings", "pgai.table-name-pattern={table}_chunks", "pgai.fetch=eager",
					"pgai.parent-fetch=EAGER", "pgai.validate-stores=false")
			.run((context) -> {
				PgaiProperties properties = context.getBean(PgaiProperties.class);
				assertThat(properties.getSchema()).isEqualTo("embeddings");
				assertThat(properties.getTableNamePattern()).isEqualTo("{table}_chunks");
				assertThat(properties.getFetch()).isEqualTo(Fetch.EAGER);
				assertThat(properties.getParentFetch()).isEqualTo(Fetch.EAGER);
				assertThat(properties.isValidateStores()).isFalse();
			});
	}

	@Test
	void aMalformedFetchValueFailsWithTheValidValues() {
		this.runner.withPropertyValues("pgai.fetch=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sometimes");
		});
	}

	@Test
	void failureAnalyzersAreRegistered() throws Exception {
		List<String> analyzers = new ArrayList<>();
		for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
			String names = PropertiesLoaderUtils.loadProperties(new UrlResource(url))
				.getProperty(FailureAnalyzer.class.getName(), "");
			analyzers.addAll(StringUtils.commaDelimitedListToSet(names));
		}
		assertThat(analyzers).contains(EmbeddingStoreMismatchFailureAnalyzer.class.getName(),
				InvalidVectorizerRelationshipFailureAnalyzer.class.getName(),
				InvalidEmbeddingRepositoryMethodFailureAnalyzer.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
