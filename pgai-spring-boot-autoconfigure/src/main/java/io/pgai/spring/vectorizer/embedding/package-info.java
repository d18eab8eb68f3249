/**
 * Embedding providers of the vectorizer worker: OpenAI-compatible and Ollama HTTP APIs and the
 * in-process all-MiniLM-L6-v2, with retries.
 */
@NullMarked
package io.pgai.spring.vectorizer.embedding;

import org.jspecify.annotations.NullMarked;
