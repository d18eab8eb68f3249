/**
 * {@link io.pgai.spring.EmbeddingRepository} and what it is made of: distance functions, argument
 * checks, HNSW session settings and query embedders.
 */
@NullMarked
package io.pgai.spring.repository;

import org.jspecify.annotations.NullMarked;
