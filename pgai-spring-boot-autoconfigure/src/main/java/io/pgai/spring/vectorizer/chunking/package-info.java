/**
 * Text splitters with the semantics of LangChain's, which pgai's chunking configurations name.
 */
@NullMarked
package io.pgai.spring.vectorizer.chunking;

import org.jspecify.annotations.NullMarked;
