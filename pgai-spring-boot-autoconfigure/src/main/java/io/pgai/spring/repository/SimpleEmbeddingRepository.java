package io.pgai.spring.repository;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FetchType;
import jakarta.persistence.Tuple;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.ParameterExpression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryParameterImplementor;
import org.hibernate.query.sqm.NodeBuilder;
import org.hibernate.query.sqm.tree.expression.JpaCriteriaParameter;
import org.hibernate.query.sqm.tree.expression.SqmExpression;
import org.hibernate.type.BindableType;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.SearchResult;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Similarity;
import org.springframework.data.domain.Vector;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link EmbeddingRepository} of one relationship, built on JPA criteria over the generated
 * store entity so that filters are plain {@link Specification Specifications} and every search is
 * one SQL statement ordered by a pgvector operator.
 *
 * @param <P> the parent entity type
 */
public class SimpleEmbeddingRepository<P> implements EmbeddingRepository<P> {

	private static final String PARENT = "parent";

	private final EntityManager entityManager;

	private final EmbeddingStoreDefinition store;

	private final Class<?> storeClass;

	private final Class<P> parentType;

	private final DistanceFunction distance;

	private final HnswSessionSettings hnsw;

	private final TransactionTemplate transactions;

	private final Supplier<QueryEmbedder> queryEmbedder;

	private final int maximumK;

	/** The unfiltered search as HQL, so Hibernate caches its plan instead of translating criteria per call. */
	private final String nearestHql;

	/**
	 * Best chunk per parent without a vector index: one pass that ranks each parent's chunks, where
	 * the correlated form would compare every row with all its siblings before sorting.
	 */
	private final String nearestParentsScanHql;

	private final VectorIndexPresence vectorIndex;

	private final DetachedReads detachedReads;

	/** The unfiltered search of a detached read without Hibernate's row loader, where the store allows it. */
	private final @Nullable DetachedNearestSearch detachedNearest;

	/**
	 * Creates a repository.
	 * @param entityManager a shared, transaction-aware entity manager
	 * @param store the relationship
	 * @param storeClass its generated store entity
	 * @param hnsw the HNSW settings of each search
	 * @param transactions read-only transactions, for searches that change HNSW settings
	 * @param queryEmbedder the embedder of text queries, looked up on first use
	 * @param maximumK the largest {@code k} a search accepts
	 */
	@SuppressWarnings("unchecked")
	public SimpleEmbeddingRepository(EntityManager entityManager, EmbeddingStoreDefinition store, Class<?> storeClass,
			HnswSessionSettings hnsw, TransactionTemplate transactions, Supplier<QueryEmbedder> queryEmbedder,
			int maximumK) {
		this.entityManager = entityManager;
		this.store = store;
		this.storeClass = storeClass;
		this.parentType = (Class<P>) store.parentType();
		this.distance = DistanceFunction.of(store.distance());
		this.hnsw = hnsw;
		this.transactions = transactions;
		this.queryEmbedder = queryEmbedder;
		this.maximumK = maximumK;
		String distance = this.distance.function() + "(e.embedding, :query)";
		// Ordered by the selected distance's alias, so the query vector is bound and parsed once.
		this.nearestHql = "select e, " + distance + " as distance from " + store.storeEntityName() + " e"
				+ ((store.parentFetch() == FetchType.EAGER) ? " join fetch e.parent" : "")
				+ " order by distance limit :limit offset :offset";
		String rankedDistance = this.distance.function() + "(s.embedding, :query)";
		this.nearestParentsScanHql = "select e, p, x.d from (select s.embeddingUuid as uuid, " + rankedDistance
				+ " as d, row_number() over (partition by s.parent order by " + rankedDistance + ") as rn from "
				+ store.storeEntityName() + " s) x join " + store.storeEntityName()
				+ " e on e.embeddingUuid = x.uuid join e.parent p where x.rn = 1 order by x.d";
		this.vectorIndex = new VectorIndexPresence(entityManager, storeClass);
		this.detachedReads = new DetachedReads(entityManager.getEntityManagerFactory(), store.parentFetch());
		this.detachedNearest = DetachedNearestSearch.of(store, storeClass,
				entityManager.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class), this.distance);
	}

	@Override
	public List<Embedding<P>> findAll() {
		CriteriaBuilder cb = this.entityManager.getCriteriaBuilder();
		CriteriaQuery<Object> query = cb.createQuery();
		Root<?> embedding = query.from(this.storeClass);
		fetchParentIfEager(embedding);
		query.select(embedding).orderBy(cb.asc(embedding.get("parentId")), cb.asc(embedding.get("chunkSeq")));
		return embeddings(this.entityManager.createQuery(query).getResultList());
	}

	@Override
	public long count() {
		CriteriaBuilder cb = this.entityManager.getCriteriaBuilder();
		CriteriaQuery<Long> query = cb.createQuery(Long.class);
		query.select(cb.count(query.from(this.storeClass)));
		return this.entityManager.createQuery(query).getSingleResult();
	}

	@Override
	public List<Embedding<P>> findByParent(P parent) {
		CriteriaBuilder cb = this.entityManager.getCriteriaBuilder();
		CriteriaQuery<Object> query = cb.createQuery();
		Root<?> embedding = query.from(this.storeClass);
		query.select(embedding)
			.where(cb.equal(embedding.get(PARENT), parent))
			.orderBy(cb.asc(embedding.get("chunkSeq")));
		return embeddings(this.entityManager.createQuery(query).getResultList());
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
		return search(new Request(SearchArguments.vector(query, this.store), 0,
				SearchArguments.k(k, this.maximumK), parentMatches(filter), null))
			.contentStream()
			.toList();
	}

	@Override
	public List<Embedding<P>> findNearest(String query, int k, Specification<P> filter) {
		return findNearest(embed(query), k, filter);
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(float[] query, int k) {
		return search(new Request(SearchArguments.vector(query, this.store), 0,
				SearchArguments.k(k, this.maximumK), null, null));
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(String query, int k) {
		return searchNearest(embed(query), k);
	}

	@Override
	public SearchResults<Embedding<P>> searchNearest(Vector query, Score minimumScore, Limit limit) {
		int k = limit.isLimited() ? limit.max() : this.maximumK;
		return search(new Request(SearchArguments.vector(query.toFloatArray(), this.store), 0,
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
		return search(new Request(SearchArguments.vector(query.toFloatArray(), this.store), (int) offset, size,
				parentMatches(filter), minimumScore.getValue()));
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
		return nearestParents(query, k, parentMatches(filter));
	}

	@Override
	public List<NearestParent<P>> findNearestParents(String query, int k, Specification<P> filter) {
		return findNearestParents(embed(query), k, filter);
	}

	private SearchResults<Embedding<P>> search(Request request) {
		boolean filtered = request.filter() != null || request.minimumSimilarity() != null;
		if (!filtered) {
			if (!this.hnsw.appliesTo(false) && this.detachedReads.applies()) {
				try (StatelessSession session = this.detachedReads.open()) {
					if (this.detachedNearest != null) {
						return results(this.detachedNearest.search(session, request.vector(), request.limit(),
								request.offset()));
					}
					return nearest(session, request);
				}
			}
			return inSearchTransaction(false, (em) -> nearest(em, request));
		}
		return inSearchTransaction(true, (em) -> {
			CriteriaBuilder cb = em.getCriteriaBuilder();
			CriteriaQuery<Tuple> query = cb.createTupleQuery();
			Root<?> embedding = query.from(this.storeClass);
			fetchParentIfEager(embedding);
			ParameterExpression<Object> vector = queryParameter(cb, embedding);
			Expression<Double> distance = distance(cb, embedding, vector);
			List<Predicate> where = new ArrayList<>();
			if (request.filter() != null) {
				where.add(request.filter().toPredicate(embedding, query, cb));
			}
			if (request.minimumSimilarity() != null) {
				where.add(cb.le(distance, this.distance.maximumDistance(request.minimumSimilarity())));
			}
			query.multiselect(embedding, distance).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(distance));
			TypedQuery<Tuple> typed = em.createQuery(query)
				.setParameter(vector, request.vector())
				.setFirstResult(request.offset())
				.setMaxResults(request.limit());
			List<SearchResult<Embedding<P>>> results = new ArrayList<>();
			for (Tuple row : typed.getResultList()) {
				results.add(new SearchResult<>(embedding(row.get(0)), similarity(row.get(1, Double.class))));
			}
			return new SearchResults<>(results);
		});
	}

	private SearchResults<Embedding<P>> nearest(EntityManager entityManager, Request request) {
		return nearest(singleValued(entityManager.createQuery(this.nearestHql, Object[].class)), request);
	}

	private SearchResults<Embedding<P>> nearest(StatelessSession session, Request request) {
		return nearest(singleValued(session.createQuery(this.nearestHql, Object[].class)), request);
	}

	private SearchResults<Embedding<P>> nearest(TypedQuery<Object[]> query, Request request) {
		return results(query.setParameter("query", request.vector())
			.setParameter("limit", request.limit())
			.setParameter("offset", request.offset())
			.getResultList());
	}

	/** Results from rows of a store entity and its distance. */
	private SearchResults<Embedding<P>> results(List<Object[]> rows) {
		List<SearchResult<Embedding<P>>> results = new ArrayList<>(rows.size());
		for (Object[] row : rows) {
			results.add(new SearchResult<>(embedding(row[0]), similarity((Double) row[1])));
		}
		return new SearchResults<>(results);
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
		if (filter == null && !this.vectorIndex.exists()) {
			return inSearchTransaction(false, (em) -> parents(singleValued(em.createQuery(this.nearestParentsScanHql,
					Object[].class))
				.setParameter("query", vector)
				.setMaxResults(k)
				.getResultList()));
		}
		return inSearchTransaction(true, (em) -> {
			CriteriaBuilder cb = em.getCriteriaBuilder();
			CriteriaQuery<Tuple> query = cb.createTupleQuery();
			Root<?> embedding = query.from(this.storeClass);
			Join<?, ?> parent = embedding.join(PARENT, JoinType.INNER);
			ParameterExpression<Object> parameter = queryParameter(cb, embedding);
			Expression<Double> distance = distance(cb, embedding, parameter);
			// A chunk is its parent's best when no chunk of the same parent is nearer; the index
			// scan then yields each parent once, best chunk first.
			Subquery<Double> best = query.subquery(Double.class);
			Root<?> sibling = best.from(this.storeClass);
			best.select(cb.min(distance(cb, sibling, parameter)))
				.where(cb.equal(sibling.get(PARENT), embedding.get(PARENT)));
			List<Predicate> where = new ArrayList<>();
			where.add(cb.equal(distance, best));
			if (filter != null) {
				where.add(filter.toPredicate(embedding, query, cb));
			}
			query.multiselect(embedding, parent, distance).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(distance));
			List<Object[]> rows = em.createQuery(query)
				.setParameter(parameter, vector)
				.setMaxResults(k)
				.getResultList()
				.stream()
				.map(Tuple::toArray)
				.toList();
			return parents(rows);
		});
	}

	private List<NearestParent<P>> parents(List<Object[]> rows) {
		List<NearestParent<P>> parents = new ArrayList<>();
		Set<Object> seen = new HashSet<>();
		for (Object[] row : rows) {
			Embedding<P> chunk = embedding(row[0]);
			// Two chunks of one parent at exactly the same distance both pass the correlated filter.
			if (seen.add(chunk.getParentId())) {
				parents.add(new NearestParent<>(this.parentType.cast(row[1]), chunk, similarity((Double) row[2])));
			}
		}
		return parents;
	}

	/**
	 * Marks the query vector's parameter as taking one value. As a function argument HQL lets it
	 * take a list, and a query with such a parameter is translated to SQL again on every call.
	 */
	private static <Q extends jakarta.persistence.Query> Q singleValued(Q query) {
		if (query.getParameter("query") instanceof QueryParameterImplementor<?> parameter) {
			parameter.disallowMultiValuedBinding();
		}
		return query;
	}

	/**
	 * The query vector's parameter, typed like the store's {@code embedding} attribute: declared
	 * as {@code float[]}, Hibernate would bind a {@code real[]}, which pgvector's operators reject.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static ParameterExpression<Object> queryParameter(CriteriaBuilder cb, Root<?> embedding) {
		SqmExpression<?> attribute = (SqmExpression<?>) embedding.get("embedding");
		return new JpaCriteriaParameter("query", (BindableType) attribute.getNodeType(), false, (NodeBuilder) cb);
	}

	private Expression<Double> distance(CriteriaBuilder cb, Root<?> embedding, Expression<?> vector) {
		return cb.function(this.distance.function(), Double.class, embedding.get("embedding"), vector);
	}

	/** A filter on the parent, applied as {@code embedding.parent in (select p from Parent p where ...)}. */
	private StoreFilter parentMatches(Specification<P> filter) {
		return (embedding, query, cb) -> {
			Subquery<P> parents = query.subquery(this.parentType);
			Root<P> parent = parents.from(this.parentType);
			Predicate condition = filter.toPredicate(parent, query, cb);
			parents.select(parent);
			if (condition != null) {
				parents.where(condition);
			}
			return cb.in(embedding.get(PARENT)).value(parents);
		};
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
		return search(new Request(SearchArguments.vector(query, this.store), 0, SearchArguments.k(k, this.maximumK),
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

	private void fetchParentIfEager(Root<?> embedding) {
		if (this.store.parentFetch() == FetchType.EAGER) {
			// One statement for results and parents; batch loading would need a second.
			embedding.fetch(PARENT, JoinType.INNER);
		}
	}

	private <T> T inSearchTransaction(boolean filtered, Function<EntityManager, T> search) {
		if (!this.hnsw.appliesTo(filtered)) {
			return search.apply(this.entityManager);
		}
		// SET LOCAL lasts for the transaction: join the caller's or start a read-only one.
		T result = this.transactions.execute((status) -> {
			this.hnsw.apply(this.entityManager, filtered);
			return search.apply(this.entityManager);
		});
		if (result == null) {
			throw new IllegalStateException("The search transaction returned no result");
		}
		return result;
	}

	private Similarity similarity(@Nullable Double distance) {
		return Similarity.raw(this.distance.similarity((distance != null) ? distance : Double.NaN),
				this.distance.scoringFunction());
	}

	@SuppressWarnings("unchecked")
	private Embedding<P> embedding(Object row) {
		return (Embedding<P>) row;
	}

	private List<Embedding<P>> embeddings(List<?> rows) {
		List<Embedding<P>> result = new ArrayList<>(rows.size());
		rows.forEach((row) -> result.add(embedding(row)));
		return result;
	}

	@Override
	public String toString() {
		return "EmbeddingRepository[" + this.store.describe() + " -> " + this.store.qualifiedTable() + "]";
	}

	private record Request(float[] vector, int offset, int limit, @Nullable StoreFilter filter,
			@Nullable Double minimumSimilarity) {
	}

}
