package io.pgai.spring.vectorizer;

import io.pgai.spring.sql.SqlQuoting;

/**
 * Builds an {@code ai.drop_vectorizer(...)} call, for down migrations and rollbacks.
 */
public final class DropVectorizer {

	/** Quotes the checked drop's block; no literal written into it may hold it. */
	private static final String BLOCK_QUOTE = "$pgai$";

	/** The name: a literal, or an expression that completes it in the database. */
	private final String name;

	private boolean strict;

	private boolean dropAll;

	private DropVectorizer(String name, boolean strict) {
		this.name = name;
		this.strict = strict;
	}

	/**
	 * Drops the vectorizer of the given name; as in pgai, a name no vectorizer has drops nothing.
	 * @param name the vectorizer's name
	 * @return the builder
	 */
	public static DropVectorizer named(String name) {
		return new DropVectorizer(SqlQuoting.literal(name), false);
	}

	/**
	 * Drops the vectorizer whose name is the schema of a source table, as the database resolves
	 * the unqualified name, followed by a suffix: the default name pgai gives a vectorizer of a
	 * source named without its schema ({@code public_blog_posts_embedding_store}). The drop is
	 * {@link #strict()}.
	 * @param sourceTable the source table, unqualified
	 * @param suffix what follows the schema and an underscore, such as
	 * {@code blog_posts_embedding_store}
	 * @return the builder
	 */
	public static DropVectorizer namedAfterSourceSchema(String sourceTable, String suffix) {
		return new DropVectorizer("(SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
				+ "ON n.oid = c.relnamespace WHERE c.oid = " + SqlQuoting.literal(SqlQuoting.identifierIfNeeded(sourceTable))
				+ "::regclass) || " + SqlQuoting.literal("_" + suffix), true);
	}

	/**
	 * Fails, naming the vectorizer, when no vectorizer has the name, instead of dropping nothing:
	 * for a rollback, which must not report success while the vectorizer and its store stay. The
	 * name is cut to PostgreSQL's 63 bytes as the catalog cut it when the vectorizer was made.
	 * @return this builder
	 */
	public DropVectorizer strict() {
		this.strict = true;
		return this;
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
	 * @return {@code SELECT ai.drop_vectorizer(...);}, or when strict a {@code DO} block that
	 * finds the vectorizer first
	 * @throws IllegalArgumentException if a strict drop's name holds {@value #BLOCK_QUOTE}
	 */
	public String toSql() {
		if (!this.strict) {
			return "SELECT ai.drop_vectorizer(" + this.name + ", drop_all => " + this.dropAll + ");";
		}
		if (this.name.contains(BLOCK_QUOTE)) {
			throw new IllegalArgumentException("A vectorizer name cannot hold " + BLOCK_QUOTE + ": " + this.name);
		}
		return """
				DO %1$s
				DECLARE
				    _name name := %2$s;
				    _id int;
				BEGIN
				    SELECT v.id INTO _id FROM ai.vectorizer v WHERE v.name = _name;
				    IF _id IS NULL THEN
				        RAISE EXCEPTION 'no vectorizer named %% to drop', _name
				            USING HINT = 'pgai-spring: it was dropped or renamed since it was created; drop what is left by hand';
				    END IF;
				    PERFORM ai.drop_vectorizer(_id, drop_all => %3$s);
				END
				%1$s;""".formatted(BLOCK_QUOTE, this.name, this.dropAll);
	}

	@Override
	public String toString() {
		return toSql();
	}

}
