package io.pgai.spring.vectorizer;

import io.pgai.spring.sql.SqlQuoting;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@code ai.drop_vectorizer(...)} call, for down migrations.
 */
public final class DropVectorizer {

	/** The name argument: a literal, or an expression that completes the name in the database. */
	private final String name;

	private @Nullable String from;

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
		return new DropVectorizer(SqlQuoting.literal(name));
	}

	/**
	 * Drops the vectorizer whose name is the schema of a source table, as the database resolves
	 * the unqualified name, followed by a suffix: the default name pgai gives a vectorizer of a
	 * source named without its schema ({@code public_blog_posts_embedding_store}).
	 * @param sourceTable the source table, unqualified
	 * @param suffix what follows the schema and an underscore, such as
	 * {@code blog_posts_embedding_store}
	 * @return the builder
	 */
	public static DropVectorizer namedAfterSourceSchema(String sourceTable, String suffix) {
		DropVectorizer drop = new DropVectorizer("n.nspname || " + SqlQuoting.literal("_" + suffix));
		drop.from = " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = "
				+ SqlQuoting.literal(SqlQuoting.identifierIfNeeded(sourceTable)) + "::regclass";
		return drop;
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
		return "SELECT ai.drop_vectorizer(" + this.name + ", drop_all => " + this.dropAll + ")"
				+ ((this.from != null) ? this.from : "") + ";";
	}

	@Override
	public String toString() {
		return toSql();
	}

}
