package io.pgai.spring.repository;

import io.pgai.spring.relationship.StoreVectorIndex;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.jspecify.annotations.Nullable;

/**
 * What a search orders by so that the store's index serves it: PostgreSQL uses an expression
 * index only for an {@code ORDER BY} written as the index's own expression, so a {@code halfvec}
 * index needs both sides cast, and a binary quantization's candidates need an exact re-rank.
 * Scores are always the exact distance of the stored vectors.
 *
 * @param kind what the index is built on, {@code null} without an index
 * @param dimensions the dimensions of the cast or quantization
 * @param distance the relationship's distance
 * @param oversampling candidates per result that a binary quantization yields for the re-rank
 * @param m the HNSW graph's links per node
 */
record SearchIndex(StoreVectorIndex.@Nullable Kind kind, int dimensions, DistanceFunction distance,
		int oversampling, int m) {

	/**
	 * How searches use a store's index.
	 * @param usable the index that serves the store's distance, or {@code null} when none does
	 * @param distance the relationship's distance
	 * @param oversampling candidates per result that a binary quantization yields for the re-rank
	 * @return the search's view of it
	 */
	static SearchIndex of(@Nullable StoreVectorIndex usable, DistanceFunction distance, int oversampling) {
		return (usable != null)
				? new SearchIndex(usable.kind(), usable.dimensions(), distance, oversampling, usable.m())
				: new SearchIndex(null, 0, distance, oversampling, StoreVectorIndex.DEFAULT_M);
	}

	/** The index as a low-cardinality tag: {@code none}, {@code vector}, {@code halfvec} or {@code binary}. */
	String tag() {
		return (this.kind != null) ? this.kind.tag() : "none";
	}

	/** Whether an index serves the search. */
	boolean indexed() {
		return this.kind != null;
	}

	/** Whether the index yields candidates that the exact distance re-ranks. */
	boolean reranks() {
		return this.kind == StoreVectorIndex.Kind.BINARY;
	}

	/**
	 * Whether a search orders by the index's own expression rather than by the exact distance it
	 * selects: only a halfvec index orders by something else and yields its rows in that order.
	 */
	boolean ordersByIndexExpression() {
		return this.kind == StoreVectorIndex.Kind.HALFVEC;
	}

	/**
	 * The candidates a search of so many rows re-ranks.
	 * @param rows the rows the search returns, offset included
	 * @return how many candidates the index yields
	 */
	int candidates(int rows) {
		return (int) Math.min(Integer.MAX_VALUE, (long) rows * this.oversampling);
	}

	/**
	 * The rows the index scan must yield for a search of so many rows: pgvector's HNSW scan yields
	 * at most {@code hnsw.ef_search} of them.
	 * @param rows the rows the search returns, offset included
	 * @return the rows the index scan yields
	 */
	int scannedRows(int rows) {
		return reranks() ? candidates(rows) : rows;
	}

	/**
	 * The exact distance in HQL.
	 * @param embedding the path of the store's {@code embedding}
	 * @return the expression, with the query vector as {@code :query}
	 */
	String exactHql(String embedding) {
		return this.distance.function() + "(" + embedding + ", :query)";
	}

	/**
	 * The distance the index is ordered by, in HQL.
	 * @param embedding the path of the store's {@code embedding}
	 * @return the expression, with the query vector as {@code :query}
	 */
	String indexHql(String embedding) {
		String pattern = indexSql();
		return (pattern != null) ? "sql('" + pattern + "', " + embedding + ", :query)" : exactHql(embedding);
	}

	/**
	 * The distance the index is ordered by, as a criteria expression.
	 * @param cb the query's criteria builder
	 * @param embedding the store's {@code embedding}
	 * @param vector the query vector's parameter
	 * @return the expression
	 */
	Expression<Double> indexCriteria(CriteriaBuilder cb, Expression<?> embedding, Expression<?> vector) {
		String pattern = indexSql();
		return (pattern != null) ? ((HibernateCriteriaBuilder) cb).sql(pattern, Double.class, embedding, vector)
				: exactCriteria(cb, embedding, vector);
	}

	/**
	 * The exact distance as a criteria expression.
	 * @param cb the query's criteria builder
	 * @param embedding the store's {@code embedding}
	 * @param vector the query vector's parameter
	 * @return the expression
	 */
	Expression<Double> exactCriteria(CriteriaBuilder cb, Expression<?> embedding, Expression<?> vector) {
		return cb.function(this.distance.function(), Double.class, embedding, vector);
	}

	/**
	 * The distance the index is ordered by, in SQL.
	 * @param column the store's {@code embedding} column
	 * @return the expression, with the query vector as its one {@code ?}
	 */
	String indexSql(String column) {
		String pattern = indexSql();
		return (pattern != null) ? pattern.replaceFirst("\\?", column) : column + " " + this.distance.operator() + " ?";
	}

	/**
	 * The index's ordering as a pattern of two {@code ?}, the stored vector then the query vector,
	 * or {@code null} when the index is on the column itself. The query side is cast to
	 * {@code vector} first so that pgvector's overloads resolve whatever type the driver sent.
	 */
	private @Nullable String indexSql() {
		if (this.kind == StoreVectorIndex.Kind.HALFVEC) {
			String halfvec = "::halfvec(" + this.dimensions + ")";
			return "(?)" + halfvec + " " + this.distance.operator() + " ((?)::vector)" + halfvec;
		}
		if (this.kind == StoreVectorIndex.Kind.BINARY) {
			String bit = "::bit(" + this.dimensions + ")";
			return "binary_quantize(?)" + bit + " <~> binary_quantize((?)::vector)" + bit;
		}
		return null;
	}

}
