package io.pgai.spring.test;

/**
 * The blog of pgai's documentation: {@code blog_posts} and the store a vectorizer with
 * {@code ai.destination_table()} defaults writes for it.
 */
public final class BlogTables {

	private BlogTables() {
	}

	/**
	 * Drops both tables.
	 */
	public static void drop() {
		Sql.run("drop table if exists blog_posts_embedding_store", "drop table if exists blog_posts");
	}

	/**
	 * Creates {@code blog_posts} without rows.
	 */
	public static void createPosts() {
		Sql.run("create table blog_posts (id bigserial primary key, title text not null, content text not null)");
	}

	/**
	 * Creates the store as pgai does, with the given column definitions between the parent's key
	 * and the end.
	 * @param embeddingType the type of the {@code embedding} column, {@code vector(3)} when correct
	 */
	public static void createStore(String embeddingType) {
		Sql.run("""
				create table blog_posts_embedding_store (
				    embedding_uuid uuid not null primary key default gen_random_uuid(),
				    id bigint not null,
				    chunk_seq int not null,
				    chunk text not null,
				    embedding %s not null,
				    unique (id, chunk_seq))""".formatted(embeddingType));
	}

}
