package io.pgai.spring.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.postgresql.core.Utils;

/**
 * The one place where identifiers from annotations, properties and the vectorizer catalog, and
 * values rendered into statements, become SQL text. Quoting is PgJDBC's
 * ({@link Utils#escapeIdentifier}, {@link Utils#escapeLiteral}); the checks reject names that
 * would need quoting where the name must be usable unquoted (in a JPA mapping, in pgai's derived
 * names), or that PostgreSQL would truncate.
 */
public final class SqlQuoting {

	/** PostgreSQL truncates longer names, so two stores could silently collide. */
	public static final int MAX_IDENTIFIER_LENGTH = 63;

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

	private static final Pattern PLAIN_LOWER_CASE = Pattern.compile("[a-z_][a-z0-9_$]*");

	private SqlQuoting() {
	}

	/**
	 * Why an identifier cannot be used unquoted, if it cannot.
	 * @param identifier the identifier
	 * @param what what it names, for the message: "table", "schema"…
	 * @return the reason and the fix, or empty if the identifier is plain
	 */
	public static Optional<Rejection> checkPlain(String identifier, String what) {
		if (identifier.length() > MAX_IDENTIFIER_LENGTH) {
			return Optional.of(new Rejection(
					"the " + what + " name is longer than PostgreSQL's " + MAX_IDENTIFIER_LENGTH + " characters",
					"Use a shorter " + what + " name."));
		}
		if (!PLAIN.matcher(identifier).matches()) {
			return Optional.of(new Rejection("the " + what + " name is not a plain SQL identifier",
					"Use letters, digits, '_' and '$' only, starting with a letter or '_'."));
		}
		return Optional.empty();
	}

	/**
	 * Whether an identifier can be used unquoted.
	 * @param identifier the identifier
	 * @return {@code true} if {@link #checkPlain} finds nothing wrong
	 */
	public static boolean isPlain(String identifier) {
		return identifier.length() <= MAX_IDENTIFIER_LENGTH && PLAIN.matcher(identifier).matches();
	}

	/**
	 * Quotes an identifier, always, so that its case and characters are kept.
	 * @param identifier the identifier, as the catalog spells it
	 * @return the double-quoted identifier
	 */
	public static String identifier(String identifier) {
		try {
			return Utils.escapeIdentifier(null, identifier).toString();
		}
		catch (SQLException ex) {
			throw new IllegalArgumentException("The identifier " + visible(identifier)
					+ " cannot be written into SQL: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Quotes an identifier only where PostgreSQL's {@code quote_ident} would, so that rendered
	 * statements read as people write them.
	 * @param identifier the identifier
	 * @return the identifier, double-quoted if it is not a plain lower-case name
	 */
	public static String identifierIfNeeded(String identifier) {
		return PLAIN_LOWER_CASE.matcher(identifier).matches() ? identifier : identifier(identifier);
	}

	/**
	 * A quoted, schema-qualified name.
	 * @param schema the schema
	 * @param name the table or other object
	 * @return {@code "schema"."name"}
	 */
	public static String qualified(String schema, String name) {
		return identifier(schema) + "." + identifier(name);
	}

	/**
	 * A string literal, read the same whatever {@code standard_conforming_strings} says.
	 * @param value the text
	 * @return {@code 'value'}, or {@code E'value'} when it holds backslashes
	 * @throws IllegalArgumentException if the text holds a NUL character, which PostgreSQL text
	 * cannot store
	 */
	public static String literal(String value) {
		boolean backslashes = value.indexOf('\\') >= 0;
		try {
			String escaped = Utils.escapeLiteral(null, value, !backslashes).toString();
			return (backslashes ? "E'" : "'") + escaped + "'";
		}
		catch (SQLException ex) {
			throw new IllegalArgumentException("The text " + visible(value) + " cannot be written into SQL: "
					+ ex.getMessage() + " Remove the NUL character.", ex);
		}
	}

	/**
	 * A {@code text[]} literal.
	 * @param values the elements
	 * @return {@code ARRAY['a', 'b']::text[]}
	 */
	public static String textArray(List<String> values) {
		return "ARRAY[" + values.stream().map(SqlQuoting::literal).collect(Collectors.joining(", ")) + "]::text[]";
	}

	private static String visible(String text) {
		String shown = text.replace("\0", "\\0");
		return "'" + ((shown.length() > 60) ? shown.substring(0, 60) + "…" : shown) + "'";
	}

	/**
	 * Why an identifier was rejected, and what to do.
	 * @param reason what is wrong with it
	 * @param fix what to write instead
	 */
	public record Rejection(String reason, String fix) {
	}

}
