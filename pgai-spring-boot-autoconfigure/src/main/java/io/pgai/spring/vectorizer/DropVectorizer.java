package io.pgai.spring.vectorizer;

import io.pgai.spring.sql.SqlQuoting;

/**
 * Builds an {@code ai.drop_vectorizer(...)} call, for down migrations.
 */
public final class DropVectorizer {

	private final String name;

	private boolean dropAll;

	private DropVectorizer(String name) {
		this.name = name;
	}

	/**
	 * Drops the vectorizer of the given name.
	 * @param name the vectorizer's name
	 * @return the builder
	 */
	public static DropVectorizer named(String name) {
		return new DropVectorizer(name);
	}

	/**
	 * Drops the destination table and view too; by default they are kept.
	 * @return this builder
	 */
	public DropVectorizer dropAll() {
		this.dropAll = true;
		return this;
	}

	/**
	 * The call.
	 * @return {@code SELECT ai.drop_vectorizer(...);}
	 */
	public String toSql() {
		return "SELECT ai.drop_vectorizer(" + SqlQuoting.literal(this.name) + ", drop_all => " + this.dropAll + ");";
	}

	@Override
	public String toString() {
		return toSql();
	}

}
