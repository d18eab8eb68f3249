package io.pgai.spring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A blog with semantic search over its posts.
 */
@SpringBootApplication
public class PgaiSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(PgaiSampleApplication.class, args);
	}

}
