package io.pgai.spring.relationship;

import java.util.regex.Pattern;

/**
 * Checks identifiers taken from annotations and properties before they reach a mapping or SQL.
 * Only plain PostgreSQL identifiers pass: anything that would need quoting (quotes, spaces, dots,
 * semicolons) could change the meaning of a statement, so it is rejected with the reason.
 */
public final class SqlIdentifiers {

	/** PostgreSQL truncates longer names, so two stores could silently collide. */
	public static final int MAX_LENGTH = 63;

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

	private SqlIdentifiers() {
	}

	/**
	 * Returns the identifier if it is a plain SQL identifier.
	 * @param identifier the identifier
	 * @param relationship the relationship or property it comes from, for the message
	 * @param what what the identifier names, "table" or "schema"
	 * @return the identifier
	 * @throws InvalidVectorizerRelationshipException if it is not a plain identifier
	 */
	public static String requirePlain(String identifier, String relationship, String what) {
		if (identifier.length() > MAX_LENGTH) {
			throw new InvalidVectorizerRelationshipException(relationship, identifier,
					"the " + what + " name is longer than PostgreSQL's " + MAX_LENGTH + " characters",
					"Use a shorter " + what + " name.");
		}
		if (!PLAIN.matcher(identifier).matches()) {
			throw new InvalidVectorizerRelationshipException(relationship, identifier,
					"the " + what + " name is not a plain SQL identifier",
					"Use letters, digits, '_' and '$' only, starting with a letter or '_'.");
		}
		return identifier;
	}

	/**
	 * Whether the identifier is a plain SQL identifier.
	 * @param identifier the identifier
	 * @return {@code true} if {@link #requirePlain} accepts it
	 */
	public static boolean isPlain(String identifier) {
		return identifier.length() <= MAX_LENGTH && PLAIN.matcher(identifier).matches();
	}

}
