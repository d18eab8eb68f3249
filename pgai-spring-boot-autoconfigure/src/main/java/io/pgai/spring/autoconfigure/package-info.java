/**
 * Spring Boot auto-configuration of pgai embedding stores.
 */
@NullMarked
package io.pgai.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
