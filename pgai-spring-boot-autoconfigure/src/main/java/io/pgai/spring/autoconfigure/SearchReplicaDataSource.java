package io.pgai.spring.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier for a {@link javax.sql.DataSource} of a streaming replica that searches read from,
 * beside or instead of {@code pgai.search.replicas}: declare one per replica to choose its pool
 * yourself. Declare it with {@code @Bean(defaultCandidate = false)}, so that it does not become a
 * candidate for the application's own {@code DataSource} injection points.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface SearchReplicaDataSource {

}
