package io.pgai.spring.sample.manual;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A page of the manual asked to be changed as a note: only readers' notes are theirs to change.
 */
public class NotANoteException extends ErrorResponseException {

	public NotANoteException(long id) {
		super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Page " + id + " is part of the manual, not a note: only notes can be deleted"), null);
	}

}
