package io.pgai.spring.repository;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.replica.SearchReplicas;
import jakarta.persistence.EntityManager;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.function.SingletonSupplier;

/**
 * Creates the {@link EmbeddingRepository} of a relationship.
 */
public class EmbeddingRepositoryFactory {

	private final EntityManager entityManager;

	private final VectorizerRelationships relationships;

	private final HnswSessionSettings hnsw;

	private final Supplier<QueryEmbedder> queryEmbedder;

	private final int maximumK;

	private final HybridSearchSettings hybrid;

	private final ObservationRegistry observations;

	private final @Nullable SearchReplicas replicas;

	/**
	 * Creates a factory.
	 * @param entityManager a shared, transaction-aware entity manager
	 * @param relationships the mapped relationships
	 * @param hnsw the HNSW settings of each search
	 * @param queryEmbedder the embedder of text queries, looked up on first use
	 * @param maximumK the largest {@code k} a search accepts
	 * @param hybrid how hybrid searches fuse their rankings
	 * @param observations where each search is observed ({@code pgai.search})
	 */
	public EmbeddingRepositoryFactory(EntityManager entityManager, VectorizerRelationships relationships,
			HnswSessionSettings hnsw, Supplier<QueryEmbedder> queryEmbedder, int maximumK, HybridSearchSettings hybrid,
			ObservationRegistry observations) {
		this(entityManager, relationships, hnsw, queryEmbedder, maximumK, hybrid, observations, null);
	}

	/**
	 * Creates a factory whose repositories search on read replicas where they can.
	 * @param entityManager a shared, transaction-aware entity manager
	 * @param relationships the mapped relationships
	 * @param hnsw the HNSW settings of each search
	 * @param queryEmbedder the embedder of text queries, looked up on first use
	 * @param maximumK the largest {@code k} a search accepts
	 * @param hybrid how hybrid searches fuse their rankings
	 * @param observations where each search is observed ({@code pgai.search})
	 * @param replicas the replicas searches outside read-write transactions read from, if any
	 */
	public EmbeddingRepositoryFactory(EntityManager entityManager, VectorizerRelationships relationships,
			HnswSessionSettings hnsw, Supplier<QueryEmbedder> queryEmbedder, int maximumK, HybridSearchSettings hybrid,
			ObservationRegistry observations, @Nullable SearchReplicas replicas) {
		this.replicas = replicas;
		this.hybrid = hybrid;
		this.entityManager = entityManager;
		this.relationships = relationships;
		this.hnsw = hnsw;
		// Resolved once, on the first text search: the embedder keeps what it learns between searches.
		this.queryEmbedder = SingletonSupplier.of(queryEmbedder);
		this.maximumK = maximumK;
		this.observations = observations;
	}

	/**
	 * Creates the repository of an entity's relationship field.
	 * @param parentType the entity
	 * @param fieldName the {@code @VectorizerRelationship} field
	 * @param <P> the entity type
	 * @return the repository
	 */
	public <P> EmbeddingRepository<P> create(Class<P> parentType, String fieldName) {
		EmbeddingStoreDefinition store = this.relationships.find(parentType, fieldName)
			.orElseThrow(() -> new IllegalStateException("No @VectorizerRelationship " + parentType.getSimpleName()
					+ "." + fieldName + " is mapped in this persistence unit"));
		@SuppressWarnings("unchecked")
		EmbeddingRepository<P> repository = (EmbeddingRepository<P>) repository(store);
		return repository;
	}

	/**
	 * Implements an application's interface that extends {@link EmbeddingRepository}: inherited
	 * methods run as usual, default methods as written, and the others are derived from their names.
	 * @param repositoryInterface the interface
	 * @param <R> the interface type
	 * @return the implementation
	 * @throws InvalidEmbeddingRepositoryMethodException if a method cannot be derived or the
	 * interface's parent type has no single relationship
	 */
	public <R> R createFromInterface(Class<R> repositoryInterface) {
		EmbeddingStoreDefinition store = storeOf(repositoryInterface);
		SimpleEmbeddingRepository<?> target = repository(store);
		Map<Method, DerivedSearchMethod> derived = new HashMap<>();
		for (Method method : repositoryInterface.getMethods()) {
			if (method.getDeclaringClass() != EmbeddingRepository.class && !method.isDefault()
					&& !Modifier.isStatic(method.getModifiers())) {
				derived.put(method, DerivedSearchMethod.derive(repositoryInterface, method,
						this.relationships.storeClass(store)));
			}
		}
		if (derived.values().stream().anyMatch(DerivedSearchMethod::hybrid)) {
			// Declared hybrid searches: their text search configuration is checked, and a missing
			// text index named, at startup rather than on the first search.
			target.prepareHybridSearch();
		}
		ProxyFactory proxy = new ProxyFactory();
		proxy.setTarget(target);
		// Exactly the interface (which extends EmbeddingRepository): the proxy AOT registers for a native image.
		proxy.setInterfaces(repositoryInterface);
		proxy.addAdvice((MethodInterceptor) (invocation) -> {
			Method method = invocation.getMethod();
			DerivedSearchMethod search = derived.get(method);
			if (search != null) {
				return search.invoke(target, invocation.getArguments());
			}
			if (method.isDefault() && invocation instanceof ProxyMethodInvocation proxied) {
				return InvocationHandler.invokeDefault(proxied.getProxy(), method, invocation.getArguments());
			}
			return invocation.proceed();
		});
		return repositoryInterface.cast(proxy.getProxy(repositoryInterface.getClassLoader()));
	}

	private EmbeddingStoreDefinition storeOf(Class<?> repositoryInterface) {
		Class<?> parentType = ResolvableType.forClass(repositoryInterface).as(EmbeddingRepository.class).resolveGeneric(0);
		if (parentType == null) {
			throw new InvalidEmbeddingRepositoryMethodException(repositoryInterface, null,
					"the parent type of EmbeddingRepository is not declared",
					"Extend EmbeddingRepository<YourEntity>.", null);
		}
		List<EmbeddingStoreDefinition> stores = this.relationships.forParent(parentType);
		if (stores.size() != 1) {
			throw new InvalidEmbeddingRepositoryMethodException(repositoryInterface, null,
					parentType.getSimpleName() + " has " + stores.size() + " @VectorizerRelationship fields "
							+ stores.stream().map(EmbeddingStoreDefinition::describe).toList(),
					"An interface extending EmbeddingRepository<" + parentType.getSimpleName()
							+ "> needs exactly one relationship on the entity; inject the generated "
							+ "repositories by name for the others.",
					null);
		}
		return stores.get(0);
	}

	private SimpleEmbeddingRepository<?> repository(EmbeddingStoreDefinition store) {
		return new SimpleEmbeddingRepository<>(this.entityManager, store, this.relationships.storeClass(store),
				this.hnsw, this.queryEmbedder, this.maximumK, this.hybrid, this.observations, this.replicas);
	}

}
