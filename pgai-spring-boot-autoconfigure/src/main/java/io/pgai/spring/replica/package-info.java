/**
 * Searches on PostgreSQL streaming replicas: which replica a search outside a read-write
 * transaction reads from, how far behind each replica is, and reading one's own writes.
 */
@NullMarked
package io.pgai.spring.replica;

import org.jspecify.annotations.NullMarked;
