package io.pgai.spring.vectorizer.worker;

import java.util.Arrays;
import java.util.List;

/**
 * The primary key of one source row, with value semantics so that the keys of the queue, the
 * source and the store compare equal.
 *
 * @param values the key's column values, in key order
 */
record RowKey(Object[] values) {

	@Override
	public boolean equals(Object other) {
		return other instanceof RowKey key && Arrays.equals(this.values, key.values);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.values);
	}

	@Override
	public String toString() {
		return Arrays.toString(this.values);
	}

	List<Object> asList() {
		return Arrays.asList(this.values);
	}

}
