package io.pgai.spring.sample.manual;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Readers' notes: pages of their own that the vectorizer's trigger queues on save, so that the
 * worker embeds them and searches find them with the manual (and forgets them on delete).
 */
@Service
public class Notes {

	private final ManualPageRepository pages;

	public Notes(ManualPageRepository pages) {
		this.pages = pages;
	}

	/**
	 * Saves a note; the worker embeds it within its next poll.
	 * @param title its title
	 * @param content its text
	 * @return the saved note
	 */
	@Transactional
	public ManualPage add(String title, String content) {
		return this.pages.save(ManualPage.note(title, content));
	}

	/**
	 * Deletes a note; the worker deletes its chunks.
	 * @param id the note
	 * @throws PageNotFoundException if no page has that id
	 * @throws NotANoteException if it is a page of the manual
	 */
	@Transactional
	public void delete(long id) {
		if (this.pages.deleteNote(id) == 0) {
			throw this.pages.existsById(id) ? new NotANoteException(id) : new PageNotFoundException(id);
		}
	}

}
