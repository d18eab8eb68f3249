package io.pgai.spring.vectorizer.worker;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import io.pgai.spring.sql.SqlQuoting;

/**
 * The fragments of the worker's statements that name the tables and key columns the catalog
 * holds, quoted by {@link SqlQuoting}.
 */
final class SqlNames {

	private SqlNames() {
	}

	static String quote(String identifier) {
		return SqlQuoting.identifier(identifier);
	}

	static String table(String schema, String table) {
		return SqlQuoting.qualified(schema, table);
	}

	static String columns(List<VectorizerDefinition.KeyColumn> key, String prefix) {
		return key.stream().map((column) -> prefix + quote(column.name())).collect(Collectors.joining(", "));
	}

	/** {@code (a, b) in ((?, ?), (?, ?))} for {@code rows} keys. */
	static String keyIn(List<VectorizerDefinition.KeyColumn> key, int rows) {
		return keyIn(key, "", rows);
	}

	/** {@code (q.a, q.b) in ((?, ?), (?, ?))} for {@code rows} keys, the columns prefixed. */
	static String keyIn(List<VectorizerDefinition.KeyColumn> key, String prefix, int rows) {
		String tuple = "(" + key.stream().map((column) -> "?").collect(Collectors.joining(", ")) + ")";
		return "(" + columns(key, prefix) + ") in (" + String.join(", ", Collections.nCopies(rows, tuple))
				+ ")";
	}

	/**
	 * The second key of a row's advisory lock, as pgai's worker computes it:
	 * {@code hashtext(concat_ws('|', 'id', q."id", ...))}, so that pgai's Python worker and this
	 * one, on the same queue, never embed the same row at once.
	 */
	static String keyLockHash(List<VectorizerDefinition.KeyColumn> key, String prefix) {
		return "hashtext(concat_ws('|', " + key.stream()
			.map((column) -> SqlQuoting.literal(column.name()) + ", " + prefix + quote(column.name()))
			.collect(Collectors.joining(", ")) + "))";
	}

}
