package io.pgai.spring.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier for the {@link javax.sql.DataSource} the vectorizer worker uses, as
 * {@code @FlywayDataSource} is for Flyway. Declare one to choose the worker's pool yourself;
 * without one the worker gets a small pool of its own, made from the application's
 * {@code DataSource} settings and {@code pgai.vectorizer.worker.datasource.*}, so that a backfill
 * and the application's searches never wait for each other's connections. Declare it with
 * {@code @Bean(defaultCandidate = false)}, so that it does not become a second candidate for the
 * application's own {@code DataSource} injection points.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface VectorizerDataSource {

}
