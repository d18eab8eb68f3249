package io.pgai.spring.sample.web;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The API's errors as RFC 9457 problem details, whose {@code detail} says what was wrong: Spring
 * MVC's own (a missing parameter, unreadable JSON), the API's (an unknown page, a bad mode), and an
 * invalid note with each field that is wrong and why.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Spring's detail is a generic "Invalid request content."; the reader needs the fields.
		ex.getBody()
			.setDetail(ex.getFieldErrors()
				.stream()
				.map((error) -> error.getField() + " " + error.getDefaultMessage())
				.sorted()
				.collect(Collectors.joining("; ")));
		return handleExceptionInternal(ex, null, headers, status, request);
	}

}
