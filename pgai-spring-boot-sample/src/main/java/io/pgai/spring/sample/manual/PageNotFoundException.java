package io.pgai.spring.sample.manual;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No page has the requested id: a 404 whose problem detail names it.
 */
public class PageNotFoundException extends ErrorResponseException {

	public PageNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No page with id " + id),
				null);
	}

}
