package io.pgai.spring.repository;

import io.pgai.spring.Distance;

import org.springframework.data.domain.ScoringFunction;
import org.springframework.data.domain.VectorScoringFunctions;

/**
 * A {@link Distance} as hibernate-vector's function (rendered as pgvector's operator, so the HNSW
 * index serves the ordering) and the conversions between its distances and Spring Data's
 * similarities.
 */
enum DistanceFunction {

	/** {@code <=>}; similarity {@code 1 - d/2}, Spring Data's cosine normalization. */
	COSINE("cosine_distance", "<=>", VectorScoringFunctions.COSINE) {
		@Override
		double similarity(double distance) {
			return 1 - distance / 2;
		}

		@Override
		double maximumDistance(double similarity) {
			return 2 * (1 - similarity);
		}
	},

	/** {@code <->}; similarity {@code 1 / (1 + d²)}, Spring Data's Euclidean normalization. */
	EUCLIDEAN("euclidean_distance", "<->", VectorScoringFunctions.EUCLIDEAN) {
		@Override
		double similarity(double distance) {
			return 1 / (1 + distance * distance);
		}

		@Override
		double maximumDistance(double similarity) {
			return (similarity <= 0) ? Double.MAX_VALUE : Math.sqrt(1 / similarity - 1);
		}
	},

	/** {@code <#>}, the negated inner product; similarity {@code (1 + dot) / 2}. */
	INNER_PRODUCT("negative_inner_product", "<#>", VectorScoringFunctions.DOT_PRODUCT) {
		@Override
		double similarity(double distance) {
			return (1 - distance) / 2;
		}

		@Override
		double maximumDistance(double similarity) {
			return 1 - 2 * similarity;
		}
	};

	private final String function;

	private final String operator;

	private final ScoringFunction scoringFunction;

	DistanceFunction(String function, String operator, ScoringFunction scoringFunction) {
		this.function = function;
		this.operator = operator;
		this.scoringFunction = scoringFunction;
	}

	static DistanceFunction of(Distance distance) {
		return switch (distance) {
			case EUCLIDEAN -> EUCLIDEAN;
			case INNER_PRODUCT -> INNER_PRODUCT;
			case COSINE, DEFAULT -> COSINE;
		};
	}

	/** The HQL function, registered by hibernate-vector. */
	String function() {
		return this.function;
	}

	/**
	 * The pgvector operator hibernate-vector renders the function as.
	 * @return the operator
	 */
	String operator() {
		return this.operator;
	}

	ScoringFunction scoringFunction() {
		return this.scoringFunction;
	}

	abstract double similarity(double distance);

	/** The largest distance whose similarity is still at least the given one. */
	abstract double maximumDistance(double similarity);

}
