package io.pgai.spring.autoconfigure;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;

/**
 * A service that only runs vectorizers, as a user would deploy one: Boot's auto-configuration
 * whole, started by {@link WorkerOnlyServiceIntegrationTests} in a JVM without JPA, Hibernate or
 * ByteBuddy on its class path. Arguments are Spring Boot properties ({@code --name=value}).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class WorkerOnlyService {

	public static void main(String[] args) {
		new SpringApplicationBuilder(WorkerOnlyService.class).web(WebApplicationType.NONE)
			.properties("spring.main.keep-alive=true")
			.run(args);
	}

}
