/**
 * Liquibase change types for vectorizers ({@code createVectorizer}, {@code dropVectorizer}) and
 * the snapshot step that keeps the objects vectorizers manage out of Liquibase's diffs. Liquibase
 * finds them through its service loading; nothing else in pgai-spring uses Liquibase, so
 * applications without it never load these classes.
 */
@NullMarked
package io.pgai.spring.liquibase;

import org.jspecify.annotations.NullMarked;
