package io.pgai.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps an entity's {@code List<Embedding<P>>} field to the embedding store a pgai vectorizer
 * writes for the entity's table, the JPA counterpart of pgai's {@code vectorizer_relationship}.
 * <p>
 * The store is mapped by a generated, read-only entity named after the entity and the field
 * ({@code BlogPostContentEmbeddings} for {@code BlogPost.contentEmbeddings}); the field becomes a
 * one-to-many association ordered by {@code chunk_seq}, and each {@link Embedding#getParent()}
 * navigates back.
 *
 * <pre class="code">
 * &#064;Entity &#064;Table(name = "blog_posts")
 * public class BlogPost {
 *     &#064;Id &#064;GeneratedValue(strategy = GenerationType.IDENTITY) Long id;
 *     String title;
 *     String content;
 *
 *     &#064;VectorizerRelationship(dimensions = 768)
 *     List&lt;Embedding&lt;BlogPost&gt;&gt; contentEmbeddings;
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface VectorizerRelationship {

	/**
	 * The number of dimensions of the store's {@code embedding} column, checked at startup.
	 * @return the vector's dimensions
	 */
	int dimensions();

	/**
	 * The store's schema. Defaults to the parent table's schema, then {@code pgai.schema}, then
	 * the connection's default schema.
	 * @return the schema, or empty for the default
	 */
	String targetSchema() default "";

	/**
	 * The store's table. Defaults to {@code pgai.table-name-pattern} applied to the parent's table,
	 * {@code blog_posts_embedding_store} for {@code blog_posts}.
	 * @return the table, or empty for the default
	 */
	String targetTable() default "";

	/**
	 * How the parent loads its embeddings.
	 * @return the fetch setting, {@link Fetch#DEFAULT} for {@code pgai.fetch}
	 */
	Fetch fetch() default Fetch.DEFAULT;

	/**
	 * How an embedding loads its parent.
	 * @return the fetch setting, {@link Fetch#DEFAULT} for {@code pgai.parent-fetch}
	 */
	Fetch parentFetch() default Fetch.DEFAULT;

	/**
	 * How the store's {@link EmbeddingRepository} measures nearness; match it to the store index's
	 * operator class.
	 * @return the distance, {@link Distance#DEFAULT} for {@code pgai.search.distance}
	 */
	Distance distance() default Distance.DEFAULT;

	/**
	 * The text search configuration hybrid searches match the store's chunks in, such as
	 * {@code german} for a store of German text.
	 * @return the configuration's name, or empty for {@code pgai.search.hybrid.text-search-config}
	 */
	String textSearchConfig() default "";

}
