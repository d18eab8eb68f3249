package io.pgai.spring.repository;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

/**
 * A condition on the rows of an embedding store, built into the search's own criteria query so
 * the search stays one statement.
 */
@FunctionalInterface
interface StoreFilter {

	Predicate toPredicate(Root<?> embedding, CriteriaQuery<?> query, CriteriaBuilder cb);

}
