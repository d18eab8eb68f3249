/**
 * pgai's vectorizer SQL API on plain PostgreSQL: the installer of the {@code ai} schema and Java
 * builders for {@code ai.create_vectorizer} and {@code ai.drop_vectorizer}.
 */
@NullMarked
package io.pgai.spring.vectorizer;

import org.jspecify.annotations.NullMarked;
