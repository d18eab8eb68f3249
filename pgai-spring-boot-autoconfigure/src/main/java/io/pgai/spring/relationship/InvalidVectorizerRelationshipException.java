package io.pgai.spring.relationship;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link io.pgai.spring.VectorizerRelationship} or a {@code pgai.*} property cannot be
 * mapped: a field of the wrong type, an unusable identifier, two stores on one table.
 */
public class InvalidVectorizerRelationshipException extends RuntimeException {

	private final String relationship;

	private final @Nullable String value;

	private final String fix;

	/**
	 * Creates a new exception.
	 * @param relationship the relationship, {@code BlogPost.contentEmbeddings}, or the property
	 * @param value the offending value, if there is one
	 * @param problem what is wrong
	 * @param fix how to fix it
	 */
	public InvalidVectorizerRelationshipException(String relationship, @Nullable String value, String problem,
			String fix) {
		super(relationship + ": " + problem + ((value != null) ? " (was '" + value + "')" : ""));
		this.relationship = relationship;
		this.value = value;
		this.fix = fix;
	}

	/**
	 * The relationship or property at fault.
	 * @return {@code BlogPost.contentEmbeddings} or a property name
	 */
	public String getRelationship() {
		return this.relationship;
	}

	/**
	 * The offending value.
	 * @return the value, or {@code null} when the problem is not a single value
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * How to fix the problem.
	 * @return the fix, in a sentence
	 */
	public String getFix() {
		return this.fix;
	}

}
