/**
 * pgai vectorizer embedding stores for Spring Data JPA: {@link io.pgai.spring.VectorizerRelationship}
 * maps the table a vectorizer writes, {@link io.pgai.spring.Embedding} is one of its rows.
 */
@NullMarked
package io.pgai.spring;

import org.jspecify.annotations.NullMarked;
