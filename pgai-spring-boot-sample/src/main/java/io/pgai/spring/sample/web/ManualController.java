package io.pgai.spring.sample.web;

import java.net.URI;
import java.util.List;

import io.pgai.spring.NearestParent;
import io.pgai.spring.sample.manual.BackfillStatus;
import io.pgai.spring.sample.manual.Chapter;
import io.pgai.spring.sample.manual.FreshSearches;
import io.pgai.spring.sample.manual.ManualPage;
import io.pgai.spring.sample.manual.ManualPageRepository;
import io.pgai.spring.sample.manual.MeaningSearch;
import io.pgai.spring.sample.manual.Notes;
import io.pgai.spring.sample.manual.PageNotFoundException;
import io.pgai.spring.sample.manual.WordSearch;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The manual's JSON API: search by meaning and words together, by meaning or by words, pages, pages
 * like a page, chapters, the vectorizer's progress, and readers' notes, which searches find with the
 * manual once the worker has embedded them.
 */
@RestController
@RequestMapping("/api")
class ManualController {

	private final MeaningSearch meaning;

	private final WordSearch words;

	private final ManualPageRepository pages;

	private final BackfillStatus status;

	private final Notes notes;

	private final FreshSearches fresh;

	ManualController(MeaningSearch meaning, WordSearch words, ManualPageRepository pages, BackfillStatus status,
			Notes notes, FreshSearches fresh) {
		this.meaning = meaning;
		this.words = words;
		this.pages = pages;
		this.status = status;
		this.notes = notes;
		this.fresh = fresh;
	}

	/**
	 * Pages for a query, best first: hybrid (the best chunk of each page by meaning and words
	 * fused, the fused score as score), by meaning (the nearest chunk of each page, its similarity
	 * as score) or by words (full text search, its rank as score and its best passage as chunk).
	 * With {@code readYourWrites}, the search sees everything saved before it, such as a note the
	 * caller has just seen embedded, even on a read replica that has not replayed it yet.
	 */
	@GetMapping("/search")
	List<Hit> search(@RequestParam String q, @RequestParam(defaultValue = "hybrid") String mode,
			@RequestParam(required = false) @Nullable String chapter, @RequestParam(defaultValue = "10") int k,
			@RequestParam(defaultValue = "false") boolean readYourWrites) {
		Mode searchMode = Mode.of(mode);
		return readYourWrites ? this.fresh.run(() -> search(q, searchMode, chapter, k)) : search(q, searchMode, chapter, k);
	}

	private List<Hit> search(String q, Mode mode, @Nullable String chapter, int k) {
		return switch (mode) {
			case HYBRID -> this.meaning.hybrid(q, chapter, k).stream().map(Hit::of).toList();
			case MEANING -> this.meaning.search(q, chapter, k).stream().map(Hit::of).toList();
			case WORDS -> this.words.search(q, chapter, k).stream().map(Hit::of).toList();
		};
	}

	/**
	 * Saves a reader's note, at {@code /api/pages/{id}} from then on; its chunks appear there once
	 * the worker has embedded it, and from then on searches find it.
	 */
	@PostMapping("/notes")
	ResponseEntity<Page> addNote(@Valid @RequestBody NewNote note) {
		ManualPage saved = this.notes.add(note.title().strip(), note.content().strip());
		URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/api/pages/{id}")
			.buildAndExpand(saved.getId())
			.toUri();
		return ResponseEntity.created(location).body(Page.of(saved, List.of()));
	}

	/** Deletes a reader's note; the worker deletes its chunks. */
	@DeleteMapping("/notes/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteNote(@PathVariable long id) {
		this.notes.delete(id);
	}

	@GetMapping("/pages/{id}/similar")
	List<Hit> similar(@PathVariable long id, @RequestParam(defaultValue = "5") int k) {
		return this.meaning.pagesLike(id, k).stream().map(Hit::of).toList();
	}

	@GetMapping("/pages/{id}")
	Page page(@PathVariable long id) {
		ManualPage page = this.pages.findById(id).orElseThrow(() -> new PageNotFoundException(id));
		return Page.of(page, this.pages.findChunks(id));
	}

	@GetMapping("/pages/{id}/chunks")
	List<String> chunks(@PathVariable long id) {
		if (!this.pages.existsById(id)) {
			throw new PageNotFoundException(id);
		}
		return this.pages.findChunks(id);
	}

	@GetMapping("/chapters")
	List<Chapter> chapters() {
		return this.pages.findChapters();
	}

	@GetMapping("/status")
	BackfillStatus.Snapshot status() {
		return this.status.snapshot();
	}

	enum Mode {

		HYBRID, MEANING, WORDS;

		static Mode of(String mode) {
			return switch (mode) {
				case "hybrid" -> HYBRID;
				case "meaning" -> MEANING;
				case "words" -> WORDS;
				default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
						"mode is 'hybrid', 'meaning' or 'words', not '" + mode + "'");
			};
		}

	}

	/** A page found, with its page on postgresql.org ({@code null} for a note). */
	record Hit(long id, String title, String chapter, @Nullable String url, String chunk, double score, boolean note) {

		static Hit of(NearestParent<ManualPage> nearest) {
			ManualPage page = nearest.parent();
			return new Hit(page.getId(), page.getTitle(), page.getChapter(), page.getUrl(), nearest.chunk().getChunk(),
					nearest.score().getValue(), page.isNote());
		}

		static Hit of(WordSearch.Match match) {
			return new Hit(match.id(), match.title(), match.chapter(), ManualPage.url(match.file()), match.passage(),
					match.rank(), match.file() == null);
		}

	}

	/** A page with its chunks as the store holds them (none until the worker has embedded it). */
	record Page(long id, String title, String chapter, String part, @Nullable String url, boolean note,
			List<String> chunks) {

		static Page of(ManualPage page, List<String> chunks) {
			return new Page(page.getId(), page.getTitle(), page.getChapter(), page.getPart(), page.getUrl(),
					page.isNote(), chunks);
		}

	}

	/**
	 * A note to save: a title and a text. The messages are given, not looked up, so that a client
	 * sees the same whatever its language; PostgreSQL stores no NUL character in text.
	 */
	record NewNote(
			@NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most {max} characters")
			@Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String title,
			@NotBlank(message = "must not be blank") @Size(max = 20000, message = "must be at most {max} characters")
			@Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String content) {
	}

}
