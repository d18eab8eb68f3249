package io.pgai.spring.vectorizer;

/**
 * The database has no {@code vector} extension and the application's user could not create it:
 * every embedding store needs pgvector's {@code vector} type.
 */
public class VectorExtensionMissingException extends IllegalStateException {

	private final String database;

	private final String user;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param database the database
	 * @param user the user the application connects as
	 * @param reason why {@code CREATE EXTENSION} failed, as the server said
	 */
	public VectorExtensionMissingException(String database, String user, String reason) {
		super("The database " + database + " has no vector extension, and " + user + " could not create it: " + reason);
		this.database = database;
		this.user = user;
		this.reason = reason;
	}

	/**
	 * The database without the extension.
	 * @return its name
	 */
	public String getDatabase() {
		return this.database;
	}

	/**
	 * The user the application connects as.
	 * @return the user
	 */
	public String getUser() {
		return this.user;
	}

	/**
	 * Why {@code CREATE EXTENSION} failed, as the server said.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
