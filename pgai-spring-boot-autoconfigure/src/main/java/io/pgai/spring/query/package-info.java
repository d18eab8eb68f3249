/**
 * How text queries become vectors: the vectorizer that writes a store is looked up and named to
 * the {@link io.pgai.spring.QueryEmbedder}, which embeds with that vectorizer's own model, the
 * application's Spring AI or LangChain4j model, or explains what is missing.
 */
@NullMarked
package io.pgai.spring.query;

import org.jspecify.annotations.NullMarked;
