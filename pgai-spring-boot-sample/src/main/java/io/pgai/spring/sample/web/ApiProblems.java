package io.pgai.spring.sample.web;

import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
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

	private static final Log logger = LogFactory.getLog(ApiProblems.class);

	/** Anything else: logged with its cause, answered as a problem detail that tells nothing inside. */
	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex, HttpServletRequest request) {
		logger.error("Request " + request.getMethod() + " " + request.getRequestURI() + " failed", ex);
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request failed on the server; its log says why");
	}

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
