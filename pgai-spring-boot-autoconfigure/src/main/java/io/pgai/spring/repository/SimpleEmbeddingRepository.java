package io.pgai.spring.repository;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;
import io.pgai.spring.replica.SearchReplicas;
import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Vector;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.util.function.SingletonSupplier;

/**
 * The {@link EmbeddingRepository} of one relationship: checks each call's arguments, then runs the
 * query {@link StoreQueries} builds where {@link SearchSessions} chooses, and maps its rows with
 * {@link SearchResultRows}. Filters are plain {@link Specification Specifications} and every search
 * is one SQL statement ordered by a pgvector operator.
 *
 * @param <P> the parent entity type
 */
public class SimpleEmbeddingRepository<P> implements EmbeddingRepository<P> {

	private final EntityManager entityManager;

	private final EmbeddingStoreDefinition store;

	private final Supplier<QueryEmbedder> queryEmbedder;

	private final int maximumK;

	private final StoreQueries<P> queries;

	private final SearchSessions sessions;

	private final SearchResultRows<P> rows;

	private final HnswSessionSettings hnsw;

	private final StoreIndexLookup indexes;

	private final SearchObservations observations;

	private final HybridSearchSettings hybrid;

	/**
	 * The hybrid searches, built once, on the first: their text search configuration is the
	 * database's to resolve (and the store's text index checked); a failed resolution is tried again.
	 */
	private final SingletonSupplier<HybridQueries<P>> hybridQueries;

	/** The unfiltered search of a detached read without Hibernate's row loader, where the store allows it. */
	private final @Nullable DetachedNearestSearch detachedNearest;

	/**
	 * Creates a repository.
	 * @param entityManager a shared, transaction-aware entity manager
	 * @param store the relationship
	 * @param storeClass its generated store entity
	 * @param hnsw the HNSW settings of each search
	 * @param queryEmbedder the embedder of text queries, looked up on first use
	 * @param maximumK the largest {@code k} a search accepts
	 * @param hybrid how hybrid searches fuse their rankings
	 * @param observations where each search is observed ({@code pgai.search})
	 */
	public SimpleEmbeddingRepository(EntityManager entityManager, EmbeddingStoreDefinition store, Class<?> storeClass,
			HnswSessionSettings hnsw, Supplier<QueryEmbedder> queryEmbedder, int maximumK, HybridSearchSettings hybrid,
			ObservationRegistry observations) {
		this(entityManager, store, storeClass, hnsw, queryEmbedder, maximumK, hybrid, observations, null);
	}

	/**
	 * Creates the repository of one relationship, searching on read replicas where it can.
	 * @param entityManager a shared, transaction-aware entity manager
	 * @param store the relationship's store
	 * @param storeClass the store's entity class
	 * @param hnsw the HNSW settings of each search
	 * @param queryEmbedder the embedder of text queries
	 * @param maximumK the largest {@code k} a search accepts
	 * @param hybrid how hybrid searches fuse their rankings
	 * @param observations where each search is observed ({@code pgai.search})
	 * @param replicas the replicas searches outside read-write transactions read from, if any
	 */
	@SuppressWarnings("unchecked")
	public SimpleEmbeddingRepository(EntityManager entityManager, EmbeddingStoreDefinition store, Class<?> storeClass,
			HnswSessionSettings hnsw, Supplier<QueryEmbedder> queryEmbedder, int maximumK, HybridSearchSettings hybrid,
			ObservationRegistry observations, @Nullable SearchReplicas replicas) {
		Class<P> parentType = (Class<P>) store.parentType();
		DistanceFunction distance = DistanceFunction.of(store.distance());
		this.entityManager = entityManager;
		this.store = store;
		this.queryEmbedder = queryEmbedder;
		this.maximumK = maximumK;
		this.queries = new StoreQueries<>(store, storeClass, parentType, hnsw,
				entityManager.getEntityManagerFactory().getMetamodel());
		this.sessions = new SearchSessions(entityManager,
				new DetachedReads(entityManager.getEntityManagerFactory(), store.parentFetch()), replicas);
		this.rows = new SearchResultRows<>(parentType, distance);
		this.hnsw = hnsw;
		this.indexes = new StoreIndexLookup(entityManager, storeClass, store.distance(), hnsw.binaryOversampling());
		this.observations = new SearchObservations(observations, store.qualifiedTable(),
				store.distance().name().toLowerCase(Locale.ROOT));
		this.hybrid = hybrid;
		StoreTextSearch textSearch = new StoreTextSearch(store, hybrid);
		this.hybridQueries = SingletonSupplier.of(() -> new HybridQueries<>(this.queries, storeClass,
				store.parentFetch(), hnsw, textSearch.resolve(entityManager, this.indexes.table()), hybrid));
		this.detachedNearest = DetachedNearestSearch.of(store, storeClass,
				entityManager.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class), distance);
	}

	@Override
	public List<Embedding<P>> findAll() {
		return this.rows.embeddings(this.queries.all(this.entityManager).getResultList());
	}

	@Override
	public long count() {
		return this.queries.count(this.entityManager).getSingleResult();
	}

	@Override
	public List<Embedding<P>> findByParent(P parent) {
		return this.rows.embeddings(this.queries.byParent(this.entityManager, parent).getResultList());
	}

	@Override
	public List<Embedding<P>> findNearest(float[] query, int k) {
		return searchNearest(query, k).contentStream().toList();
	}

	@Override
	public List<Embedding<P>> findNearest(String query, int k) {
		return findNearest(embed(query), k);
	}

	@Override
	public List<Embedding<P>> findNearest(float[] query, int k, Specification<P> filter) {
		return search(new NearestRequest(SearchArguments.vector(query, this.store), 0,
				SearchArguments.k(k, this.maximumK), this.queries.parentMatches(filter), null))
			.contentStream()
			.toList();
	}

	@Override
	public List<Embedding<P>> findNearest(String query, int k, Specification<P> filter) {
		return findNearest(embed(query), k, filter);
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(float[] query, int k) {
		return search(new NearestRequest(SearchArguments.vector(query, this.store), 0,
				SearchArguments.k(k, this.maximumK), null, null));
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(String query, int k) {
		return searchNearest(embed(query), k);
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(Vector query, Score minimumScore, Limit limit) {
		int k = limit.isLimited() ? limit.max() : this.maximumK;
		return search(new NearestRequest(SearchArguments.vector(query.toFloatArray(), this.store), 0,
				SearchArguments.k(k, this.maximumK), null, minimumScore.getValue()));
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(String query, Score minimumScore, Limit limit) {
		return searchNearest(embedQuery(query), minimumScore, limit);
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(String query, Specification<P> filter, Score minimumScore,
			Pageable pageable) {
		return searchNearest(embedQuery(query), filter, minimumScore, pageable);
	}

	@Override
	public Vector embedQuery(String query) {
		return Vector.of(embed(query));
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(Vector query, Specification<P> filter, Score minimumScore,
			Pageable pageable) {
		int size = pageable.isPaged() ? pageable.getPageSize() : this.maximumK;
		long offset = pageable.isPaged() ? pageable.getOffset() : 0;
		SearchArguments.k((int) Math.min(Integer.MAX_VALUE, offset + size), this.maximumK);
		return search(new NearestRequest(SearchArguments.vector(query.toFloatArray(), this.store), (int) offset, size,
				this.queries.parentMatches(filter), minimumScore.getValue()));
	}

	@Override
	public List<NearestParent<P>> findNearestParents(float[] query, int k) {
		return nearestParents(query, k, null);
	}

	@Override
	public List<NearestParent<P>> findNearestParents(String query, int k) {
		return findNearestParents(embed(query), k);
	}

	@Override
	public List<NearestParent<P>> findNearestParents(float[] query, int k, Specification<P> filter) {
		return nearestParents(query, k, this.queries.parentMatches(filter));
	}

	@Override
	public List<NearestParent<P>> findNearestParents(String query, int k, Specification<P> filter) {
		return findNearestParents(embed(query), k, filter);
	}

	@Override
	public List<Embedding<P>> findHybrid(String query, int k) {
		return searchHybrid(query, k).contentStream().toList();
	}

	@Override
	public List<Embedding<P>> findHybrid(String query, int k, Specification<P> filter) {
		return searchHybrid(query, k, filter).contentStream().toList();
	}

	@Override
	public SearchResults<Embedding<P>> searchHybrid(String query, int k) {
		return hybrid(query, k, null);
	}

	@Override
	public SearchResults<Embedding<P>> searchHybrid(String query, int k, Specification<P> filter) {
		return hybrid(query, k, this.queries.parentMatches(filter));
	}

	@Override
	public List<NearestParent<P>> findHybridParents(String query, int k) {
		return hybridParents(query, k, null);
	}

	@Override
	public List<NearestParent<P>> findHybridParents(String query, int k, Specification<P> filter) {
		return hybridParents(query, k, this.queries.parentMatches(filter));
	}

	/**
	 * The best embeddings by meaning and by words among the rows matching a filter.
	 * @param text the query text
	 * @param k how many
	 * @param filter the condition on the store's rows, if any
	 * @return the results, best first, with their fused scores
	 */
	SearchResults<Embedding<P>> hybrid(String text, int k, @Nullable StoreFilter filter) {
		HybridRequest request = hybridRequest(text, k, filter);
		SearchPlan plan = plan(request.candidates());
		HybridQueries<P> hybridQueries = hybridQueries();
		return this.observations.observe((filter != null) ? "hybrid-filtered" : "hybrid", plan.index().tag(),
				() -> this.rows.fusedResults(this.sessions.search(
						(session) -> hybridQueries.chunks(session, request, plan),
						(em) -> hybridQueries.chunks(em, request, plan))));
	}

	/**
	 * The best parents by meaning and by words, each once with its best chunk, among the rows
	 * matching a filter.
	 * @param text the query text
	 * @param k how many parents
	 * @param filter the condition on the store's rows, if any
	 * @return the parents, best first, with their fused scores
	 */
	List<NearestParent<P>> hybridParents(String text, int k, @Nullable StoreFilter filter) {
		HybridRequest request = hybridRequest(text, k, filter);
		SearchPlan plan = plan(request.candidates());
		HybridQueries<P> hybridQueries = hybridQueries();
		return this.observations.observe((filter != null) ? "hybrid-parents-filtered" : "hybrid-parents",
				plan.index().tag(), () -> this.rows.fusedParents(this.sessions.search(
						(session) -> hybridQueries.parents(session, request, plan),
						(em) -> hybridQueries.parents(em, request, plan))));
	}

	private HybridRequest hybridRequest(String text, int k, @Nullable StoreFilter filter) {
		SearchArguments.text(text);
		SearchArguments.k(k, this.maximumK);
		return new HybridRequest(text, embed(text), k, this.hybrid.candidates(k), filter);
	}

	/**
	 * Resolves the store's text search configuration now, warning if the store has no text index
	 * in it, instead of on the first hybrid search.
	 * @throws IllegalStateException if the database has no such configuration
	 */
	void prepareHybridSearch() {
		hybridQueries();
	}

	private HybridQueries<P> hybridQueries() {
		return this.hybridQueries.obtain();
	}

	private SearchResults<Embedding<P>> search(NearestRequest request) {
		SearchPlan plan = plan(request.offset() + request.limit());
		return this.observations.observe(request.filtered() ? "filtered" : "nearest", plan.index().tag(),
				() -> searchNow(request, plan));
	}

	private SearchResults<Embedding<P>> searchNow(NearestRequest request, SearchPlan plan) {
		if (request.filtered()) {
			return this.sessions.search(
					(session) -> this.rows.results(this.queries.filtered(session, request, plan)),
					(em) -> this.rows.results(this.queries.filtered(em, request, plan)));
		}
		DetachedNearestSearch detached = this.detachedNearest;
		return this.sessions.search((session) -> this.rows.results((detached != null)
				? detached.search(session, request.vector(), request.limit(), request.offset(), plan.index(),
						this.hnsw.sqlCondition(false, plan.efSearch()))
				: this.queries.nearest(session, request, plan).getResultList()),
				(em) -> this.rows.results(this.queries.nearest(em, request, plan).getResultList()));
	}

	/**
	 * How a search of so many rows runs on the store as it is now.
	 * @param rows the rows it returns, offset included
	 * @return the index it uses and its {@code hnsw.ef_search}
	 */
	private SearchPlan plan(int rows) {
		StoreIndexLookup.StoreIndex current = this.indexes.current();
		SearchIndex index = current.index();
		return new SearchPlan(index,
				index.indexed() ? this.hnsw.efSearch(index.scannedRows(rows), current.rows(), index.m()) : 0);
	}

	/**
	 * The nearest parents, each once with its best chunk, among the rows matching a filter.
	 * @param queryVector the query vector
	 * @param k how many parents
	 * @param filter the condition on the store's rows, if any
	 * @return the parents, nearest first
	 */
	List<NearestParent<P>> nearestParents(float[] queryVector, int k, @Nullable StoreFilter filter) {
		float[] vector = SearchArguments.vector(queryVector, this.store);
		SearchArguments.k(k, this.maximumK);
		SearchPlan plan = plan(k);
		return this.observations.observe((filter != null) ? "parents-filtered" : "parents", plan.index().tag(),
				() -> nearestParentsNow(vector, k, filter, plan));
	}

	private List<NearestParent<P>> nearestParentsNow(float[] vector, int k, @Nullable StoreFilter filter,
			SearchPlan plan) {
		if (filter != null) {
			return this.sessions.search(
					(session) -> this.rows.parents(this.queries.nearestParents(session, vector, k, filter, plan)),
					(em) -> this.rows.parents(this.queries.nearestParents(em, vector, k, filter, plan)));
		}
		if (!plan.index().indexed()) {
			return this.sessions.search(
					(session) -> this.rows
						.parents(this.queries.nearestParentsByScan(session, vector, k, plan).getResultList()),
					(em) -> this.rows.parents(this.queries.nearestParentsByScan(em, vector, k, plan).getResultList()));
		}
		return this.sessions.search(
				(session) -> this.rows.parents(this.queries.nearestParents(session, vector, k, plan).getResultList()),
				(em) -> this.rows.parents(this.queries.nearestParents(em, vector, k, plan).getResultList()));
	}

	/**
	 * The nearest embeddings matching a filter on the store's rows.
	 * @param query the query vector
	 * @param k how many
	 * @param filter the condition
	 * @return the results, nearest first
	 */
	SearchResults<Embedding<P>> search(float[] query, int k, StoreFilter filter) {
		return search(query, k, filter, null);
	}

	SearchResults<Embedding<P>> search(float[] query, int k, StoreFilter filter, @Nullable Score minimumScore) {
		return search(new NearestRequest(SearchArguments.vector(query, this.store), 0, SearchArguments.k(k, this.maximumK),
				filter, (minimumScore != null) ? minimumScore.getValue() : null));
	}

	/**
	 * Embeds a text query with the store's query embedder.
	 * @param text the query
	 * @return its vector
	 */
	float[] embed(String text) {
		float[] vector = this.queryEmbedder.get().embed(SearchArguments.text(text), this.store.description());
		return SearchArguments.vector(vector, this.store);
	}

	/**
	 * The relationship this repository searches.
	 * @return the store
	 */
	EmbeddingStoreDefinition store() {
		return this.store;
	}

	@Override
	public String toString() {
		return "EmbeddingRepository[" + this.store.describe() + " -> " + this.store.qualifiedTable() + "]";
	}

}
