/**
 * Maps {@link io.pgai.spring.VectorizerRelationship} fields: finds them, generates the store
 * entities, hands their mapping to Hibernate, keeps schema generation away from the stores and
 * checks the stores at startup.
 */
@NullMarked
package io.pgai.spring.relationship;

import org.jspecify.annotations.NullMarked;
