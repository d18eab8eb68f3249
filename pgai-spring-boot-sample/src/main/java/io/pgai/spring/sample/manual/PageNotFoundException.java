package io.pgai.spring.sample.manual;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * No page has the requested id.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class PageNotFoundException extends RuntimeException {

	public PageNotFoundException(long id) {
		super("No page with id " + id);
	}

}
