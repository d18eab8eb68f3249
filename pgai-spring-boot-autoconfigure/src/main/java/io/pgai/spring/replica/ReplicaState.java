package io.pgai.spring.replica;

/**
 * Whether searches may read from a replica.
 */
public enum ReplicaState {

	/** It answers and has replayed the primary's writes up to the allowed lag: searches read from it. */
	AVAILABLE,

	/** It answers but is further behind than the allowed lag: skipped until it catches up. */
	LAGGING,

	/** It does not answer, or is not a replica it can be: skipped until a check finds it again. */
	UNREACHABLE

}
