package io.pgai.spring.repository;

import java.util.ArrayList;
import java.util.List;

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
import org.hibernate.StatelessSession;
import org.hibernate.query.spi.QueryParameterImplementor;
import org.hibernate.query.sqm.NodeBuilder;
import org.hibernate.query.sqm.tree.expression.JpaCriteriaParameter;
import org.hibernate.query.sqm.tree.expression.SqmExpression;
import org.hibernate.type.BindableType;

import org.springframework.data.jpa.domain.Specification;

/**
 * Builds the queries of one store over its generated entity: every search is one statement
 * ordered by the store's pgvector distance, with filters as criteria predicates.
 *
 * @param <P> the parent entity type
 */
final class StoreQueries<P> {

	private static final String PARENT = "parent";

	private final EmbeddingStoreDefinition store;

	private final Class<?> storeClass;

	private final Class<P> parentType;

	private final DistanceFunction distance;

	private final HnswSessionSettings hnsw;

	/** The unfiltered search as HQL, so Hibernate caches its plan instead of translating criteria per call. */
	private final String nearestHql;

	/**
	 * Best chunk per parent without a vector index: one pass that ranks each parent's chunks, where
	 * the correlated form would compare every row with all its siblings before sorting.
	 */
	private final String nearestParentsScanHql;

	/** The unfiltered nearest parents as HQL, its plan cached like {@link #nearestHql}'s. */
	private final String nearestParentsHql;

	StoreQueries(EmbeddingStoreDefinition store, Class<?> storeClass, Class<P> parentType, DistanceFunction distance,
			HnswSessionSettings hnsw) {
		this.store = store;
		this.storeClass = storeClass;
		this.parentType = parentType;
		this.distance = distance;
		this.hnsw = hnsw;
		String nearest = distance.function() + "(e.embedding, :query)";
		String settings = hnsw.hqlCondition(false);
		// Ordered by the selected distance's alias, so the query vector is bound and parsed once.
		this.nearestHql = "select e, " + nearest + " as distance from " + store.storeEntityName() + " e"
				+ ((store.parentFetch() == FetchType.EAGER) ? " join fetch e.parent" : "")
				+ ((settings != null) ? " where " + settings : "")
				+ " order by distance limit :limit offset :offset";
		String ranked = distance.function() + "(s.embedding, :query)";
		this.nearestParentsScanHql = "select e, p, x.d from (select s.embeddingUuid as uuid, " + ranked
				+ " as d, row_number() over (partition by s.parent order by " + ranked + ") as rn from "
				+ store.storeEntityName() + " s) x join " + store.storeEntityName()
				+ " e on e.embeddingUuid = x.uuid join e.parent p where x.rn = 1"
				+ ((settings != null) ? " and " + settings : "") + " order by x.d";
		String filteredSettings = hnsw.hqlCondition(true);
		String best = distance.function() + "(s.embedding, :query)";
		this.nearestParentsHql = "select e, p, " + nearest + " as distance from " + store.storeEntityName()
				+ " e join e.parent p where " + ((filteredSettings != null) ? filteredSettings + " and " : "") + nearest
				+ " = (select min(" + best + ") from " + store.storeEntityName()
				+ " s where s.parent = e.parent) order by distance limit :limit";
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
	TypedQuery<Object[]> nearest(EntityManager em, NearestRequest request) {
		return nearest(singleValued(em.createQuery(this.nearestHql, Object[].class)), request);
	}

	/** The unfiltered search in a stateless session: rows of a store entity and its distance. */
	TypedQuery<Object[]> nearest(StatelessSession session, NearestRequest request) {
		return nearest(singleValued(session.createQuery(this.nearestHql, Object[].class)), request);
	}

	private static TypedQuery<Object[]> nearest(TypedQuery<Object[]> query, NearestRequest request) {
		return query.setParameter("query", request.vector())
			.setParameter("limit", request.limit())
			.setParameter("offset", request.offset());
	}

	/** A search with a filter or a minimum similarity: rows of a store entity and its distance. */
	TypedQuery<Object[]> filtered(EntityManager em, NearestRequest request) {
		CriteriaBuilder cb = em.getCriteriaBuilder();
		CriteriaQuery<Object[]> query = cb.createQuery(Object[].class);
		Root<?> embedding = query.from(this.storeClass);
		fetchParentIfEager(embedding);
		ParameterExpression<Object> vector = queryParameter(cb, embedding);
		Expression<Double> distance = distance(cb, embedding, vector);
		List<Predicate> where = settings(cb);
		if (request.filter() != null) {
			where.add(request.filter().toPredicate(embedding, query, cb));
		}
		if (request.minimumSimilarity() != null) {
			where.add(cb.le(distance, this.distance.maximumDistance(request.minimumSimilarity())));
		}
		query.multiselect(embedding, distance).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(distance));
		return em.createQuery(query)
			.setParameter(vector, request.vector())
			.setFirstResult(request.offset())
			.setMaxResults(request.limit());
	}

	/** The nearest parents by a scan ranking each parent's chunks: rows of chunk, parent and distance. */
	TypedQuery<Object[]> nearestParentsByScan(EntityManager em, float[] vector, int k) {
		return singleValued(em.createQuery(this.nearestParentsScanHql, Object[].class)).setParameter("query", vector)
			.setMaxResults(k);
	}

	/** {@link #nearestParents} without a filter, from HQL whose plan Hibernate caches. */
	TypedQuery<Object[]> nearestParents(EntityManager em, float[] vector, int k) {
		return singleValued(em.createQuery(this.nearestParentsHql, Object[].class)).setParameter("query", vector)
			.setParameter("limit", k);
	}

	/**
	 * The nearest parents as the chunks no sibling is nearer than, which a vector index serves in
	 * order: rows of chunk, parent and distance.
	 */
	TypedQuery<Object[]> nearestParents(EntityManager em, float[] vector, int k, StoreFilter filter) {
		CriteriaBuilder cb = em.getCriteriaBuilder();
		CriteriaQuery<Object[]> query = cb.createQuery(Object[].class);
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
		List<Predicate> where = settings(cb);
		where.add(cb.equal(distance, best));
		where.add(filter.toPredicate(embedding, query, cb));
		query.multiselect(embedding, parent, distance).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(distance));
		return em.createQuery(query).setParameter(parameter, vector).setMaxResults(k);
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
	private List<Predicate> settings(CriteriaBuilder cb) {
		List<Predicate> where = new ArrayList<>();
		Predicate settings = this.hnsw.condition(cb, true);
		if (settings != null) {
			where.add(settings);
		}
		return where;
	}

	private void fetchParentIfEager(Root<?> embedding) {
		if (this.store.parentFetch() == FetchType.EAGER) {
			// One statement for results and parents; batch loading would need a second.
			embedding.fetch(PARENT, JoinType.INNER);
		}
	}

	private Expression<Double> distance(CriteriaBuilder cb, Root<?> embedding, Expression<?> vector) {
		return cb.function(this.distance.function(), Double.class, embedding.get("embedding"), vector);
	}

	/**
	 * Marks the query vector's parameter as taking one value. As a function argument HQL lets it
	 * take a list, and a query with such a parameter is translated to SQL again on every call.
	 */
	private static <Q extends Query> Q singleValued(Q query) {
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

}
