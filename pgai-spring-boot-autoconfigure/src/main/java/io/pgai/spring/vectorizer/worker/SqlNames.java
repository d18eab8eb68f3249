package io.pgai.spring.vectorizer.worker;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders catalog names into SQL, quoted as {@code quote_ident} does, since the worker's
 * statements name tables and columns the catalog holds.
 */
final class SqlNames {

	private SqlNames() {
	}

	static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	static String table(String schema, String table) {
		return quote(schema) + "." + quote(table);
	}

	static String columns(List<VectorizerDefinition.KeyColumn> key, String prefix) {
		return key.stream().map((column) -> prefix + quote(column.name())).collect(Collectors.joining(", "));
	}

	/** {@code (a, b) in ((?, ?), (?, ?))} for {@code rows} keys. */
	static String keyIn(List<VectorizerDefinition.KeyColumn> key, int rows) {
		String tuple = "(" + key.stream().map((column) -> "?").collect(Collectors.joining(", ")) + ")";
		return "(" + columns(key, "") + ") in (" + String.join(", ", java.util.Collections.nCopies(rows, tuple)) + ")";
	}

}
