package io.pgai.spring.vectorizer;

import java.util.regex.Pattern;

/**
 * Quotes identifiers as PostgreSQL's {@code quote_ident} does: plain lower-case names stay as they
 * are, anything else is double-quoted.
 */
final class Identifiers {

	private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

	private Identifiers() {
	}

	static String quote(String identifier) {
		return PLAIN.matcher(identifier).matches() ? identifier : "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
