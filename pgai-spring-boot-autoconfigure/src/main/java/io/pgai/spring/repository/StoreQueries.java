package io.pgai.spring.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.pgai.spring.relationship.EmbeddingStoreDefinition;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FetchType;
import jakarta.persistence.Query;
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
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;
import jakarta.persistence.metamodel.Type;
import org.hibernate.StatelessSession;
import org.hibernate.query.SelectionQuery;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.hibernate.query.criteria.JpaSubQuery;
import org.hibernate.query.spi.QueryParameterImplementor;
import org.hibernate.query.sqm.NodeBuilder;
import org.hibernate.query.sqm.tree.expression.JpaCriteriaParameter;
import org.hibernate.query.sqm.tree.expression.SqmExpression;
import org.hibernate.type.BindableType;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.domain.Specification;

/**
 * Builds the queries of one store over its generated entity: every search is one statement
 * ordered by the store's pgvector distance, with filters as criteria predicates.
 *
 * @param <P> the parent entity type
 */
@SuppressWarnings("rawtypes")
final class StoreQueries<P> {

	static final String PARENT = "parent";

	static final String EMBEDDING = "embedding";

	static final String EMBEDDING_UUID = "embeddingUuid";

	/** The query vector's parameter. */
	static final String QUERY = "query";

	private final EmbeddingStoreDefinition storeDefinition;

	private final Class<?> storeClass;

	private final Class<P> parentType;

	private final HnswSessionSettings hnsw;

	private final String store;

	private final String fetchParent;

	/** The HQL of each plan, built once: Hibernate's plan cache is keyed by the string anyway. */
	private final Map<SearchPlan, String> nearestHql = new ConcurrentHashMap<>();

	private final Map<SearchPlan, String> nearestParentsHql = new ConcurrentHashMap<>();

	/**
	 * The store's vector type, with its JDBC type, for binding the query vector: where the
	 * parameter also stands in an {@code sql()} ordering, Hibernate would otherwise infer
	 * {@code float[]} and bind a {@code real[]}, which pgvector's operators reject.
	 */
	private final Type<float[]> vectorType;

	@SuppressWarnings("unchecked")
	StoreQueries(EmbeddingStoreDefinition store, Class<?> storeClass, Class<P> parentType, HnswSessionSettings hnsw,
			Metamodel metamodel) {
		this.vectorType = ((SingularAttribute<?, float[]>) metamodel.entity(storeClass).getAttribute(EMBEDDING))
			.getType();
		this.storeDefinition = store;
		this.storeClass = storeClass;
		this.parentType = parentType;
		this.hnsw = hnsw;
		this.store = store.storeEntityName();
		this.fetchParent = (store.parentFetch() == FetchType.EAGER) ? " join fetch e.parent" : "";
	}

	/**
	 * The unfiltered search as HQL, so Hibernate caches its plan instead of translating criteria
	 * per call. The exact distance is selected; the index orders the rows.
	 */
	private String nearestHql(SearchPlan plan) {
		SearchIndex index = plan.index();
		List<String> where = new ArrayList<>();
		addIfPresent(where, this.hnsw.hqlCondition(false, plan.efSearch()));
		if (index.reranks()) {
			where.add(candidatesHql(index, "e"));
		}
		// Ordered by the selected distance's alias where it is the index's, so the query vector is
		// bound and parsed once.
		return "select e, " + index.exactHql("e.embedding") + " as distance from " + this.store + " e"
				+ this.fetchParent + where(where) + " order by " + order(index, "e")
				+ " limit :limit offset :offset";
	}

	/**
	 * Best chunk per parent without a vector index: one pass that ranks each parent's chunks, where
	 * the correlated form would compare every row with all its siblings before sorting.
	 */
	private String nearestParentsScanHql(SearchIndex index) {
		String ranked = index.exactHql("s.embedding");
		return "select e, p, x.d from (select s.embeddingUuid as uuid, " + ranked
				+ " as d, row_number() over (partition by s.parent order by " + ranked + ") as rn from " + this.store
				+ " s) x join " + this.store + " e on e.embeddingUuid = x.uuid join e.parent p where x.rn = 1"
				+ " order by x.d";
	}

	/** The unfiltered nearest parents as HQL, its plan cached like {@link #nearestHql}'s. */
	private String nearestParentsHql(SearchPlan plan) {
		SearchIndex index = plan.index();
		List<String> where = new ArrayList<>();
		addIfPresent(where, this.hnsw.hqlCondition(true, plan.efSearch()));
		if (index.reranks()) {
			where.add(candidatesHql(index, "e"));
		}
		where.add(index.exactHql("e.embedding") + " = (select min(" + index.exactHql("s.embedding") + ") from "
				+ this.store + " s where s.parent = e.parent)");
		return "select e, p, " + index.exactHql("e.embedding") + " as distance from " + this.store
				+ " e join e.parent p" + where(where) + " order by " + order(index, "e") + " limit :limit";
	}

	/** The rows among a binary quantization's nearest candidates, {@code :candidates} of them. */
	private String candidatesHql(SearchIndex index, String alias) {
		return alias + ".embeddingUuid in (select c.embeddingUuid from " + this.store + " c order by "
				+ index.indexHql("c.embedding") + " limit :candidates)";
	}

	private static String order(SearchIndex index, String alias) {
		return index.ordersByIndexExpression() ? index.indexHql(alias + ".embedding") : "distance";
	}

	private static String where(List<String> conditions) {
		return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
	}

	private static void addIfPresent(List<String> conditions, @Nullable String condition) {
		if (condition != null) {
			conditions.add(condition);
		}
	}

	TypedQuery<Object> all(EntityManager em) {
		CriteriaBuilder cb = em.getCriteriaBuilder();
		CriteriaQuery<Object> query = cb.createQuery();
		Root<?> embedding = query.from(this.storeClass);
		fetchParentIfEager(embedding);
		query.select(embedding).orderBy(cb.asc(embedding.get("parentId")), cb.asc(embedding.get("chunkSeq")));
		return em.createQuery(query);
	}

	TypedQuery<Long> count(EntityManager em) {
		CriteriaBuilder cb = em.getCriteriaBuilder();
		CriteriaQuery<Long> query = cb.createQuery(Long.class);
		query.select(cb.count(query.from(this.storeClass)));
		return em.createQuery(query);
	}

	TypedQuery<Object> byParent(EntityManager em, P parent) {
		CriteriaBuilder cb = em.getCriteriaBuilder();
		CriteriaQuery<Object> query = cb.createQuery();
		Root<?> embedding = query.from(this.storeClass);
		query.select(embedding)
			.where(cb.equal(embedding.get(PARENT), parent))
			.orderBy(cb.asc(embedding.get("chunkSeq")));
		return em.createQuery(query);
	}

	/** The unfiltered search: rows of a store entity and its distance. */
	TypedQuery<Object[]> nearest(EntityManager em, NearestRequest request, SearchPlan plan) {
		return nearest(singleValued(em.createQuery(this.nearestHql.computeIfAbsent(plan, this::nearestHql),
				Object[].class)), request, plan);
	}

	/** The unfiltered search in a stateless session: rows of a store entity and its distance. */
	TypedQuery<Object[]> nearest(StatelessSession session, NearestRequest request, SearchPlan plan) {
		return nearest(singleValued(session.createQuery(this.nearestHql.computeIfAbsent(plan, this::nearestHql),
				Object[].class)), request, plan);
	}

	private TypedQuery<Object[]> nearest(TypedQuery<Object[]> query, NearestRequest request, SearchPlan plan) {
		vector(query, request.vector()).setParameter("limit", request.limit())
			.setParameter("offset", request.offset());
		return candidates(query, plan, request.offset() + request.limit());
	}

	/** A search with a filter or a minimum similarity: rows of a store entity and its distance. */
	List<Object[]> filtered(EntityManager em, NearestRequest request, SearchPlan plan) {
		return page(em.createQuery(filteredQuery(em.getCriteriaBuilder(), request, plan)), request);
	}

	/** {@link #filtered(EntityManager, NearestRequest, SearchPlan)} in a stateless session. */
	List<Object[]> filtered(StatelessSession session, NearestRequest request, SearchPlan plan) {
		return page(session.createQuery(filteredQuery(session.getCriteriaBuilder(), request, plan)), request);
	}

	private List<Object[]> page(TypedQuery<List> query, NearestRequest request) {
		return rows(cacheable(query).setParameter(QUERY, request.vector())
			.setFirstResult(request.offset())
			.setMaxResults(request.limit()));
	}

	private CriteriaQuery<List> filteredQuery(CriteriaBuilder cb, NearestRequest request, SearchPlan plan) {
		SearchIndex index = plan.index();
		CriteriaQuery<List> query = cb.createQuery(List.class);
		Root<?> embedding = query.from(this.storeClass);
		fetchParentIfEager(embedding);
		ParameterExpression<Object> vector = queryParameter(cb, embedding);
		Expression<Double> distance = index.exactCriteria(cb, embedding.get(EMBEDDING), vector);
		List<Predicate> where = settings(cb, plan);
		StoreFilter filter = request.filter();
		if (index.reranks()) {
			where.add(candidates(query, cb, embedding, vector, filter, plan, request.offset() + request.limit()));
		}
		else if (filter != null) {
			where.add(filter.toPredicate(embedding, query, cb));
		}
		if (request.minimumSimilarity() != null) {
			where.add(cb.le(distance, index.distance().maximumDistance(request.minimumSimilarity())));
		}
		return query.select(cb.construct(List.class, embedding, distance))
			.where(where.toArray(Predicate[]::new))
			.orderBy(cb.asc(order(cb, index, embedding, vector, distance)));
	}

	/** The nearest parents by a scan ranking each parent's chunks: rows of chunk, parent and distance. */
	TypedQuery<Object[]> nearestParentsByScan(EntityManager em, float[] vector, int k, SearchPlan plan) {
		return vector(singleValued(em.createQuery(nearestParentsScanHql(plan.index()), Object[].class)), vector)
			.setMaxResults(k);
	}

	/** {@link #nearestParentsByScan(EntityManager, float[], int, SearchPlan)} in a stateless session. */
	TypedQuery<Object[]> nearestParentsByScan(StatelessSession session, float[] vector, int k, SearchPlan plan) {
		return vector(singleValued(session.createQuery(nearestParentsScanHql(plan.index()), Object[].class)), vector)
			.setMaxResults(k);
	}

	/** {@link #nearestParents} without a filter, from HQL whose plan Hibernate caches. */
	TypedQuery<Object[]> nearestParents(EntityManager em, float[] vector, int k, SearchPlan plan) {
		return nearestParents(singleValued(
				em.createQuery(this.nearestParentsHql.computeIfAbsent(plan, this::nearestParentsHql), Object[].class)),
				vector, k, plan);
	}

	/** {@link #nearestParents(EntityManager, float[], int, SearchPlan)} in a stateless session. */
	TypedQuery<Object[]> nearestParents(StatelessSession session, float[] vector, int k, SearchPlan plan) {
		return nearestParents(singleValued(session
			.createQuery(this.nearestParentsHql.computeIfAbsent(plan, this::nearestParentsHql), Object[].class)), vector,
				k, plan);
	}

	private TypedQuery<Object[]> nearestParents(TypedQuery<Object[]> query, float[] vector, int k, SearchPlan plan) {
		return candidates(vector(query, vector).setParameter("limit", k), plan, k);
	}

	/**
	 * The nearest parents as the chunks no sibling is nearer than, which a vector index serves in
	 * order: rows of chunk, parent and distance.
	 */
	List<Object[]> nearestParents(EntityManager em, float[] vector, int k, StoreFilter filter, SearchPlan plan) {
		return rows(cacheable(em.createQuery(nearestParentsQuery(em.getCriteriaBuilder(), k, filter, plan)))
			.setParameter(QUERY, vector)
			.setMaxResults(k));
	}

	/** {@link #nearestParents(EntityManager, float[], int, StoreFilter, SearchPlan)} in a stateless session. */
	List<Object[]> nearestParents(StatelessSession session, float[] vector, int k, StoreFilter filter,
			SearchPlan plan) {
		return rows(cacheable(session.createQuery(nearestParentsQuery(session.getCriteriaBuilder(), k, filter, plan)))
			.setParameter(QUERY, vector)
			.setMaxResults(k));
	}

	private CriteriaQuery<List> nearestParentsQuery(CriteriaBuilder cb, int k, StoreFilter filter, SearchPlan plan) {
		SearchIndex index = plan.index();
		CriteriaQuery<List> query = cb.createQuery(List.class);
		Root<?> embedding = query.from(this.storeClass);
		Join<?, ?> parent = embedding.join(PARENT, JoinType.INNER);
		ParameterExpression<Object> parameter = queryParameter(cb, embedding);
		Expression<Double> distance = index.exactCriteria(cb, embedding.get(EMBEDDING), parameter);
		// A chunk is its parent's best when no chunk of the same parent is nearer; the index
		// scan then yields each parent once, best chunk first.
		Subquery<Double> best = query.subquery(Double.class);
		Root<?> sibling = best.from(this.storeClass);
		best.select(cb.min(index.exactCriteria(cb, sibling.get(EMBEDDING), parameter)))
			.where(cb.equal(sibling.get(PARENT), embedding.get(PARENT)));
		List<Predicate> where = settings(cb, plan);
		if (index.reranks()) {
			where.add(candidates(query, cb, embedding, parameter, filter, plan, k));
		}
		else {
			where.add(filter.toPredicate(embedding, query, cb));
		}
		where.add(cb.equal(distance, best));
		return query.select(cb.construct(List.class, embedding, parent, distance))
			.where(where.toArray(Predicate[]::new))
			.orderBy(cb.asc(order(cb, index, embedding, parameter, distance)));
	}

	/**
	 * Lets Hibernate cache the SQL of a criteria search: the filter's values are bound
	 * parameters, so searches of one shape share a plan instead of translating on every call.
	 * The row is selected as {@code new list(...)}: Hibernate 7.2 never finds a cached plan for a
	 * {@code multiselect} (its compound selection compares each item with the whole other
	 * selection).
	 */
	static TypedQuery<List> cacheable(TypedQuery<List> query) {
		query.unwrap(SelectionQuery.class).setQueryPlanCacheable(true);
		return query;
	}

	static List<Object[]> rows(TypedQuery<List> query) {
		List<List> rows = query.getResultList();
		List<Object[]> result = new ArrayList<>(rows.size());
		rows.forEach((row) -> result.add(row.toArray()));
		return result;
	}

	/** A filter on the parent, applied as {@code embedding.parent in (select p from Parent p where ...)}. */
	StoreFilter parentMatches(Specification<P> filter) {
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

	/** The conditions of a filtered search, starting with its HNSW settings. */
	private List<Predicate> settings(CriteriaBuilder cb, SearchPlan plan) {
		return settings(cb, plan, true);
	}

	/**
	 * The conditions of a search, starting with its HNSW settings.
	 * @param filtered whether rows are filtered after the index scan
	 */
	List<Predicate> settings(CriteriaBuilder cb, SearchPlan plan, boolean filtered) {
		List<Predicate> where = new ArrayList<>();
		Predicate settings = this.hnsw.condition(cb, filtered, plan.efSearch());
		if (settings != null) {
			where.add(settings);
		}
		return where;
	}

	/**
	 * The condition that a row is among a binary quantization's nearest candidates that match the
	 * filter: the index scan (iterative under a filter) yields them, the outer query re-ranks them.
	 */
	Predicate candidates(CriteriaQuery<?> query, CriteriaBuilder cb, Root<?> embedding,
			Expression<?> vector, @Nullable StoreFilter filter, SearchPlan plan, int rows) {
		JpaSubQuery<UUID> candidates = (JpaSubQuery<UUID>) query.subquery(UUID.class);
		Root<?> candidate = candidates.from(this.storeClass);
		candidates.select(candidate.<UUID>get(EMBEDDING_UUID));
		if (filter != null) {
			candidates.where(filter.toPredicate(candidate, query, cb));
		}
		candidates.orderBy(((HibernateCriteriaBuilder) cb)
			.asc(plan.index().indexCriteria(cb, candidate.get(EMBEDDING), vector)))
			.fetch(plan.index().candidates(rows));
		return embedding.get(EMBEDDING_UUID).in(candidates);
	}

	/** What a search orders by: the halfvec casts for a halfvec index, else the exact distance. */
	private static Expression<Double> order(CriteriaBuilder cb, SearchIndex index, Root<?> embedding,
			Expression<?> vector, Expression<Double> distance) {
		return index.ordersByIndexExpression()
				? index.indexCriteria(cb, embedding.get(EMBEDDING), vector) : distance;
	}

	private static TypedQuery<Object[]> candidates(TypedQuery<Object[]> query, SearchPlan plan, int rows) {
		return plan.index().reranks() ? query.setParameter("candidates", plan.index().candidates(rows)) : query;
	}

	private void fetchParentIfEager(Root<?> embedding) {
		if (this.storeDefinition.parentFetch() == FetchType.EAGER) {
			// One statement for results and parents; batch loading would need a second.
			embedding.fetch(PARENT, JoinType.INNER);
		}
	}

	/** Binds the query vector of an HQL search as the store's vector type. */
	@SuppressWarnings("unchecked")
	private TypedQuery<Object[]> vector(TypedQuery<Object[]> query, float[] vector) {
		return query.unwrap(org.hibernate.query.Query.class).setParameter(QUERY, vector, this.vectorType);
	}

	/**
	 * Marks the query vector's parameter as taking one value. As a function argument HQL lets it
	 * take a list, and a query with such a parameter is translated to SQL again on every call.
	 */
	private static <Q extends Query> Q singleValued(Q query) {
		if (query.getParameter(QUERY) instanceof QueryParameterImplementor<?> parameter) {
			parameter.disallowMultiValuedBinding();
		}
		return query;
	}

	/**
	 * The query vector's parameter, typed like the store's {@code embedding} attribute: declared
	 * as {@code float[]}, Hibernate would bind a {@code real[]}, which pgvector's operators reject.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static ParameterExpression<Object> queryParameter(CriteriaBuilder cb, Root<?> embedding) {
		SqmExpression<?> attribute = (SqmExpression<?>) embedding.get(EMBEDDING);
		return new JpaCriteriaParameter(QUERY, (BindableType) attribute.getNodeType(), false, (NodeBuilder) cb);
	}

}
