/**
 * The vectorizer worker: claims queued source rows, chunks, formats and embeds them and writes
 * the embedding store, for every vectorizer of the catalog at once.
 */
@NullMarked
package io.pgai.spring.vectorizer.worker;

import org.jspecify.annotations.NullMarked;
