package io.pgai.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.query.MissingQueryEmbedder;
import io.pgai.spring.query.VectorizerModelQueryEmbedder;
import io.pgai.spring.query.VectorizerResolvingQueryEmbedder;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.replica.SearchReplicas;
import io.pgai.spring.repository.EmbeddingRepositoryFactory;
import io.pgai.spring.repository.HnswSessionSettings;
import io.pgai.spring.repository.HybridSearchSettings;
import io.pgai.spring.vectorizer.worker.EmbeddingProviders;
import io.pgai.spring.vectorizer.worker.VectorizerCatalog;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * Auto-configuration of {@link EmbeddingRepository} beans: one per embedding store the mapping
 * found, and one per application interface that extends it, searching with the query embedder
 * the application, Spring AI or LangChain4j declares, else with the model of the vectorizer that
 * writes the store.
 */
@AutoConfiguration(after = { PgaiEmbeddingStoreAutoConfiguration.class, PgaiVectorizerAutoConfiguration.class,
		PgaiQueryEmbeddingAutoConfiguration.class, PgaiSearchReplicasAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ EmbeddingRepository.class, Specification.class })
@ConditionalOnBean({ VectorizerRelationships.class, EntityManagerFactory.class })
@EnableConfigurationProperties(PgaiProperties.class)
public final class PgaiEmbeddingRepositoriesAutoConfiguration {

	@Bean
	static EmbeddingRepositoryRegistrar embeddingRepositoryRegistrar() {
		return new EmbeddingRepositoryRegistrar();
	}

	@Bean
	@ConditionalOnMissingBean
	HnswSessionSettings hnswSessionSettings(PgaiProperties properties) {
		PgaiProperties.Search search = properties.getSearch();
		return new HnswSessionSettings(search.getEfSearch(), search.getIterativeScan(), search.getBinaryOversampling());
	}

	@Bean
	@ConditionalOnMissingBean
	HybridSearchSettings hybridSearchSettings(PgaiProperties properties) {
		PgaiProperties.Hybrid hybrid = properties.getSearch().getHybrid();
		return new HybridSearchSettings(hybrid.getTextSearchConfig(), hybrid.getRrfK(), hybrid.getCandidates(),
				hybrid.getVectorWeight(), hybrid.getTextWeight());
	}

	@Bean
	@ConditionalOnMissingBean
	EmbeddingRepositoryFactory embeddingRepositoryFactory(EntityManagerFactory entityManagerFactory,
			VectorizerRelationships relationships, HnswSessionSettings hnsw, HybridSearchSettings hybrid,
			ObjectProvider<QueryEmbedder> queryEmbedder,
			ObjectProvider<VectorizerCatalog> vectorizerCatalog, ObjectProvider<EmbeddingProviders> embeddingProviders,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<SearchReplicas> replicas,
			PgaiProperties properties) {
		return new EmbeddingRepositoryFactory(SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory),
				relationships, hnsw, () -> queryEmbedder(queryEmbedder, vectorizerCatalog, embeddingProviders),
				properties.getSearch().getMaxK(), hybrid, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
				replicas.getIfAvailable());
	}

	/**
	 * The application's (or Spring AI's, or LangChain4j's) embedder, else the model of the
	 * vectorizer that writes the store; either is told which vectorizer that is.
	 */
	private static QueryEmbedder queryEmbedder(ObjectProvider<QueryEmbedder> declared,
			ObjectProvider<VectorizerCatalog> vectorizerCatalog, ObjectProvider<EmbeddingProviders> embeddingProviders) {
		VectorizerCatalog catalog = vectorizerCatalog.getIfAvailable();
		EmbeddingProviders providers = embeddingProviders.getIfAvailable();
		QueryEmbedder own = declared.getIfAvailable();
		if (own != null) {
			return (catalog != null) ? new VectorizerResolvingQueryEmbedder(catalog, own, false) : own;
		}
		if (catalog == null || providers == null) {
			return new MissingQueryEmbedder();
		}
		return new VectorizerResolvingQueryEmbedder(catalog,
				new VectorizerModelQueryEmbedder(providers, MissingQueryEmbedder.behindVectorizers()), true);
	}

}
