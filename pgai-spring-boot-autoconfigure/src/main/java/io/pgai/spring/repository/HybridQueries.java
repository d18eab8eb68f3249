package io.pgai.spring.repository;

import java.math.BigDecimal;
import java.util.List;

import io.pgai.spring.sql.ChunkTextSearch;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FetchType;
import jakarta.persistence.Tuple;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.ParameterExpression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Subquery;
import org.hibernate.StatelessSession;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.hibernate.query.criteria.JpaCriteriaQuery;
import org.hibernate.query.criteria.JpaDerivedJoin;
import org.hibernate.query.criteria.JpaDerivedRoot;
import org.hibernate.query.criteria.JpaEntityJoin;
import org.hibernate.query.criteria.JpaExpression;
import org.hibernate.query.criteria.JpaFrom;
import org.hibernate.query.criteria.JpaRoot;
import org.hibernate.query.criteria.JpaSubQuery;
import org.hibernate.query.sqm.tree.SqmJoinType;
import org.hibernate.query.sqm.tree.domain.AbstractSqmFrom;
import org.hibernate.query.sqm.tree.domain.SqmDerivedRoot;
import org.hibernate.query.sqm.tree.expression.SqmExpression;
import org.hibernate.query.sqm.tree.select.SqmQuerySpec;
import org.hibernate.query.sqm.tree.select.SqmSelectClause;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.query.sqm.tree.select.SqmSubQuery;

/**
 * Builds the hybrid searches of one store as single statements: the nearest chunks (served by the
 * HNSW index) and the chunks that best match the words (served by a GIN index on
 * {@code to_tsvector(config, chunk)}), each side ranked and limited, joined full outer on the
 * chunk so that one found by only one side still counts, and fused by Reciprocal Rank Fusion.
 * <pre>
 * select e, coalesce(wv / (k + v.rank), 0) + coalesce(wt / (k + t.rank), 0) as score
 * from (select id, row_number() over (order by d, id) as rank
 *       from (select id, embedding &lt;=&gt; :query as d ... order by 2 limit n)) v
 * full join (select id, row_number() over (order by r desc, id) as rank
 *            from (select id, ts_rank_cd(...) as r ...
 *                  where to_tsvector(config, chunk) @@ websearch_to_tsquery(config, :text) order by 2 desc, 1 limit n)) t
 *   on v.id = t.id
 * join store e on e.id = coalesce(v.id, t.id)
 * order by score desc limit k
 * </pre>
 *
 * @param <P> the parent entity type
 */
@SuppressWarnings("rawtypes")
final class HybridQueries<P> {

	private static final String ID = "id";

	private static final String RANK = "rank";

	private static final String SCORE = "score";

	/** A side's sort key: the distance, or the text rank. */
	private static final String KEY = "sort_key";

	private static final String BEST = "best";

	/** The query text's parameter. */
	private static final String TEXT = "text";

	private final StoreQueries<P> queries;

	private final Class<?> storeClass;

	private final FetchType parentFetch;

	private final HnswSessionSettings hnsw;

	/** {@code to_tsvector('config'::regconfig, ?)}: the expression the GIN index must be on. */
	private final String document;

	/** {@code websearch_to_tsquery('config'::regconfig, ?)}. */
	private final String words;

	/** The fused score of two ranks, each {@code ?}, with the weights and RRF constant as literals. */
	private final String fusion;

	/**
	 * Creates the queries.
	 * @param queries the store's other queries, whose filters and index conditions these share
	 * @param storeClass the generated store entity
	 * @param parentFetch how an embedding loads its parent
	 * @param hnsw the HNSW settings of the vector side
	 * @param textSearch the store's text search configuration
	 * @param settings the fusion's settings
	 */
	HybridQueries(StoreQueries<P> queries, Class<?> storeClass, FetchType parentFetch, HnswSessionSettings hnsw,
			ChunkTextSearch textSearch, HybridSearchSettings settings) {
		this.queries = queries;
		this.storeClass = storeClass;
		this.parentFetch = parentFetch;
		this.hnsw = hnsw;
		this.document = textSearch.document("?");
		this.words = textSearch.websearchQuery("?");
		String k = String.valueOf(settings.rrfK());
		this.fusion = "coalesce(" + number(settings.vectorWeight()) + " / (" + k + " + ?), 0) + coalesce("
				+ number(settings.textWeight()) + " / (" + k + " + ?), 0)";
	}

	private static String number(double weight) {
		return BigDecimal.valueOf(weight).toPlainString() + "::float8";
	}

	/** The hybrid search: rows of a store entity and its fused score, best first. */
	List<Object[]> chunks(EntityManager em, HybridRequest request, SearchPlan plan) {
		return run(em.createQuery(chunksQuery((HibernateCriteriaBuilder) em.getCriteriaBuilder(), request, plan)),
				request);
	}

	/** {@link #chunks(EntityManager, HybridRequest, SearchPlan)} in a stateless session. */
	List<Object[]> chunks(StatelessSession session, HybridRequest request, SearchPlan plan) {
		return run(session.createQuery(chunksQuery(session.getCriteriaBuilder(), request, plan)), request);
	}

	/** The hybrid search of parents: rows of the best chunk, its parent and its fused score, best first. */
	List<Object[]> parents(EntityManager em, HybridRequest request, SearchPlan plan) {
		return run(em.createQuery(parentsQuery((HibernateCriteriaBuilder) em.getCriteriaBuilder(), request, plan)),
				request);
	}

	/** {@link #parents(EntityManager, HybridRequest, SearchPlan)} in a stateless session. */
	List<Object[]> parents(StatelessSession session, HybridRequest request, SearchPlan plan) {
		return run(session.createQuery(parentsQuery(session.getCriteriaBuilder(), request, plan)), request);
	}

	private static List<Object[]> run(TypedQuery<List> query, HybridRequest request) {
		return StoreQueries.rows(StoreQueries.cacheable(query)
			.setParameter(StoreQueries.QUERY, request.vector())
			.setParameter(TEXT, request.text())
			.setMaxResults(request.k()));
	}

	private CriteriaQuery<List> chunksQuery(HibernateCriteriaBuilder cb, HybridRequest request, SearchPlan plan) {
		JpaCriteriaQuery<List> query = cb.createQuery(List.class);
		Fused fused = fuse(query, query, cb, request, plan);
		JpaEntityJoin<?, ?> embedding = fused.chunk();
		if (this.parentFetch == FetchType.EAGER) {
			// One statement for results and parents, as in the nearest-neighbour searches.
			embedding.fetch(StoreQueries.PARENT, JoinType.INNER);
		}
		return query.select(cb.construct(List.class, embedding, fused.score()))
			.orderBy(cb.desc(fused.score()), cb.asc(embedding.get(StoreQueries.EMBEDDING_UUID)));
	}

	/**
	 * The parents, each once with its best chunk: the fused chunks numbered within their parent,
	 * the first of each kept.
	 */
	private CriteriaQuery<List> parentsQuery(HibernateCriteriaBuilder cb, HybridRequest request, SearchPlan plan) {
		JpaCriteriaQuery<List> query = cb.createQuery(List.class);
		JpaSubQuery<Tuple> ranked = (JpaSubQuery<Tuple>) query.subquery(Tuple.class);
		Fused fused = fuse(query, ranked, cb, request, plan);
		Expression<?> chunkId = fused.chunk().get(StoreQueries.EMBEDDING_UUID);
		column(ranked, chunkId, ID);
		column(ranked, fused.score(), SCORE);
		column(ranked, cb.rowNumber(cb.createWindow()
			.partitionBy(fused.chunk().get(StoreQueries.PARENT))
			.orderBy(cb.desc(fused.score()), cb.asc(chunkId))), BEST);
		JpaDerivedRoot<Tuple> best = derivedRoot(query, ranked, "ranked");
		JpaEntityJoin<?, ?> embedding = best.join(this.storeClass, SqmJoinType.INNER);
		embedding.on(cb.equal(embedding.get(StoreQueries.EMBEDDING_UUID), best.get(ID)));
		var parent = embedding.join(StoreQueries.PARENT, JoinType.INNER);
		Expression<Double> score = best.get(SCORE);
		return query.select(cb.construct(List.class, embedding, parent, score))
			.where(cb.equal(best.get(BEST), 1))
			.orderBy(cb.desc(score), cb.asc(embedding.get(StoreQueries.EMBEDDING_UUID)));
	}

	/**
	 * Adds both sides to a query's from clause, joined full outer, and the chunk each row stands for.
	 * @param top the statement's outermost query, which filters are built against
	 * @param query the query whose from clause receives the sides
	 */
	private Fused fuse(JpaCriteriaQuery<?> top, AbstractQuery<?> query, HibernateCriteriaBuilder cb,
			HybridRequest request, SearchPlan plan) {
		JpaSubQuery<Tuple> nearest = (JpaSubQuery<Tuple>) query.subquery(Tuple.class);
		JpaSubQuery<Tuple> matching = (JpaSubQuery<Tuple>) query.subquery(Tuple.class);
		JpaSubQuery<Tuple> nearestCandidates = (JpaSubQuery<Tuple>) nearest.subquery(Tuple.class);
		JpaSubQuery<Tuple> matchingCandidates = (JpaSubQuery<Tuple>) matching.subquery(Tuple.class);
		JpaRoot<?> nearestChunk = nearestCandidates.from(this.storeClass);
		ParameterExpression<Object> vector = StoreQueries.queryParameter(cb, nearestChunk);
		ParameterExpression<String> text = cb.parameter(String.class, TEXT);
		vectorSide(top, nearestCandidates, nearestChunk, cb, vector, request, plan);
		textSide(top, matchingCandidates, cb, text, request);
		numbered(nearest, nearestCandidates, "nearest_candidates", cb, false);
		numbered(matching, matchingCandidates, "matching_candidates", cb, true);
		JpaDerivedRoot<Tuple> byVector = derivedRoot(query, nearest, "nearest");
		JpaDerivedJoin<Tuple> byText = ((AbstractSqmFrom<?, ?>) byVector).join(matching, SqmJoinType.FULL, false,
				"matching");
		byText.on(cb.equal(byVector.get(ID), byText.get(ID)));
		JpaEntityJoin<?, ?> chunk = byVector.join(this.storeClass, SqmJoinType.INNER);
		chunk.on(cb.equal(chunk.get(StoreQueries.EMBEDDING_UUID),
				cb.coalesce(byVector.<Object>get(ID), byText.<Object>get(ID))));
		Expression<Double> score = cb.sql(this.fusion, Double.class, byVector.get(RANK), byText.get(RANK));
		return new Fused(chunk, score);
	}

	/**
	 * Adds a derived table to a query's from clause under a name: Hibernate compares derived
	 * tables' paths when it looks for a cached plan, and {@code from(subquery)} names each one anew.
	 */
	private static JpaDerivedRoot<Tuple> derivedRoot(AbstractQuery<?> query, Subquery<Tuple> table, String name) {
		SqmDerivedRoot<Tuple> root = new SqmDerivedRoot<>((SqmSubQuery<Tuple>) table, name);
		SqmQuerySpec<?> spec = (query instanceof SqmSubQuery<?> subquery) ? subquery.getQuerySpec()
				: ((SqmSelectStatement<?>) query).getQuerySpec();
		spec.addRoot(root);
		return root;
	}

	/**
	 * Numbers a side's candidates by their sort key: a derived table of its own, because a window
	 * over the candidates' query would compute the key a second time (its parameters are bound
	 * anew, so PostgreSQL does not see the same expression), and for the text side that is a
	 * {@code to_tsvector} of every matching chunk.
	 */
	private static void numbered(JpaSubQuery<Tuple> side, JpaSubQuery<Tuple> candidates, String name,
			HibernateCriteriaBuilder cb, boolean descending) {
		JpaDerivedRoot<Tuple> candidate = derivedRoot(side, candidates, name);
		Expression<?> key = candidate.get(KEY);
		column(side, candidate.get(ID), ID);
		column(side, cb.rowNumber(cb.createWindow()
			.orderBy(descending ? cb.desc(key) : cb.asc(key), cb.asc(candidate.get(ID)))), RANK);
	}

	/**
	 * The nearest {@code candidates} chunks and their sort key: ordered as the store's index
	 * orders, re-ranked exactly among a binary quantization's candidates, with the filter under the
	 * index scan (iterative where pgvector has it).
	 */
	private void vectorSide(JpaCriteriaQuery<?> top, JpaSubQuery<Tuple> side, JpaRoot<?> chunk,
			HibernateCriteriaBuilder cb, ParameterExpression<Object> vector, HybridRequest request, SearchPlan plan) {
		SearchIndex index = plan.index();
		Expression<Double> distance = index.exactCriteria(cb, chunk.get(StoreQueries.EMBEDDING), vector);
		Expression<Double> order = index.ordersByIndexExpression()
				? index.indexCriteria(cb, chunk.get(StoreQueries.EMBEDDING), vector) : distance;
		List<Predicate> where = this.queries.settings(cb, plan, request.filter() != null);
		if (index.reranks()) {
			where.add(this.queries.candidates(top, cb, chunk, vector, request.filter(), plan, request.candidates()));
		}
		else if (request.filter() != null) {
			where.add(request.filter().toPredicate(chunk, top, cb));
		}
		column(side, chunk.get(StoreQueries.EMBEDDING_UUID), ID);
		// Ordered by the selected key, which Hibernate writes as its position: computed once, and
		// still the index's ordering.
		column(side, order, KEY);
		side.where(where.toArray(Predicate[]::new))
			.orderBy(cb.asc(order))
			.fetch(inline(cb, request.candidates()));
	}

	/**
	 * The {@code candidates} chunks that best match the words and their {@code ts_rank_cd}; ties in
	 * chunk order so that the ranking is the same on every call.
	 */
	private void textSide(JpaCriteriaQuery<?> top, JpaSubQuery<Tuple> side, HibernateCriteriaBuilder cb,
			ParameterExpression<String> text, HybridRequest request) {
		JpaFrom<?, ?> chunk = side.from(this.storeClass);
		Expression<String> content = chunk.get("chunk");
		Expression<Double> rank = cb.sql("ts_rank_cd(" + this.document + ", " + this.words + ")", Double.class,
				content, text);
		Predicate match = cb.isTrue(cb.sql(this.document + " @@ " + this.words, Boolean.class, content, text));
		// Words that only exclude ("-cat") match nearly every chunk, each ranked 0: such a query has
		// no text side. The condition names no column, so PostgreSQL decides it once, before the scan.
		Predicate searchable = cb.isTrue(cb.sql("querytree(" + this.words + ") <> 'T'", Boolean.class, text));
		Expression<?> id = chunk.get(StoreQueries.EMBEDDING_UUID);
		Predicate where = (request.filter() != null)
				? cb.and(searchable, match, request.filter().toPredicate((JpaRoot<?>) chunk, top, cb))
				: cb.and(searchable, match);
		column(side, id, ID);
		column(side, rank, KEY);
		side.where(where)
			.orderBy(cb.desc(rank), cb.asc(id))
			.fetch(inline(cb, request.candidates()));
	}

	/**
	 * A side's limit, written into the statement: as a bound parameter, PostgreSQL's generic plan
	 * (which a prepared statement gets after five runs) would guess each side at a tenth of the store
	 * and join the candidates to it by a hash of the whole store instead of looking each one up.
	 */
	private static JpaExpression<Integer> inline(HibernateCriteriaBuilder cb, int candidates) {
		return cb.sql(Integer.toString(candidates), Integer.class);
	}

	/**
	 * Selects a derived table's columns one by one, as HQL's parser does: Hibernate 7.2 never finds
	 * a cached plan for a subquery's {@code multiselect} (its compound selection compares each item
	 * with the whole other selection), so every search would be translated to SQL again.
	 */
	private static void column(JpaSubQuery<Tuple> side, Expression<?> expression, String alias) {
		SqmSubQuery<?> subquery = (SqmSubQuery<?>) side;
		SqmQuerySpec<?> spec = subquery.getQuerySpec();
		SqmSelectClause select = spec.getSelectClause();
		if (select == null) {
			select = new SqmSelectClause(false, subquery.nodeBuilder());
			spec.setSelectClause(select);
		}
		select.add((SqmExpression<?>) expression, alias);
	}

	/**
	 * Both sides joined: the chunk each row stands for and its fused score.
	 */
	private record Fused(JpaEntityJoin<?, ?> chunk, Expression<Double> score) {
	}

}
