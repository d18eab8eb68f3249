package io.pgai.spring.vectorizer;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders Java values as PostgreSQL literals, the way {@code quote_literal} does, so that a
 * rendered statement means exactly what its values say.
 */
final class SqlLiterals {

	private SqlLiterals() {
	}

	static String text(String value) {
		String quoted = "'" + value.replace("'", "''") + "'";
		// An E'' string reads backslashes the same way whatever standard_conforming_strings says.
		return value.contains("\\") ? "E" + quoted.replace("\\", "\\\\") : quoted;
	}

	static String textArray(List<String> values) {
		return "ARRAY[" + values.stream().map(SqlLiterals::text).collect(Collectors.joining(", ")) + "]::text[]";
	}

}
