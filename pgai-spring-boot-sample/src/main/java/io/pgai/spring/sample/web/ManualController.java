package io.pgai.spring.sample.web;

import java.util.List;

import io.pgai.spring.NearestParent;
import io.pgai.spring.sample.manual.BackfillStatus;
import io.pgai.spring.sample.manual.Chapter;
import io.pgai.spring.sample.manual.ManualPage;
import io.pgai.spring.sample.manual.ManualPageRepository;
import io.pgai.spring.sample.manual.MeaningSearch;
import io.pgai.spring.sample.manual.PageNotFoundException;
import io.pgai.spring.sample.manual.WordSearch;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The manual's JSON API: search by meaning and words together, by meaning or by words, pages, pages
 * like a page, chapters and the vectorizer's progress.
 */
@RestController
@RequestMapping("/api")
class ManualController {

	private final MeaningSearch meaning;

	private final WordSearch words;

	private final ManualPageRepository pages;

	private final BackfillStatus status;

	ManualController(MeaningSearch meaning, WordSearch words, ManualPageRepository pages, BackfillStatus status) {
		this.meaning = meaning;
		this.words = words;
		this.pages = pages;
		this.status = status;
	}

	/**
	 * Pages for a query, best first: hybrid (the best chunk of each page by meaning and words
	 * fused, the fused score as score), by meaning (the nearest chunk of each page, its similarity
	 * as score) or by words (full text search, its rank as score and its best passage as chunk).
	 */
	@GetMapping("/search")
	List<Hit> search(@RequestParam String q, @RequestParam(defaultValue = "hybrid") String mode,
			@RequestParam(required = false) @Nullable String chapter, @RequestParam(defaultValue = "10") int k) {
		return switch (Mode.of(mode)) {
			case HYBRID -> this.meaning.hybrid(q, chapter, k).stream().map(Hit::of).toList();
			case MEANING -> this.meaning.search(q, chapter, k).stream().map(Hit::of).toList();
			case WORDS -> this.words.search(q, chapter, k).stream().map(Hit::of).toList();
		};
	}

	@GetMapping("/pages/{id}/similar")
	List<Hit> similar(@PathVariable long id, @RequestParam(defaultValue = "5") int k) {
		return this.meaning.pagesLike(id, k).stream().map(Hit::of).toList();
	}

	@GetMapping("/pages/{id}")
	Page page(@PathVariable long id) {
		ManualPage page = this.pages.findById(id).orElseThrow(() -> new PageNotFoundException(id));
		return new Page(page.getId(), page.getTitle(), page.getChapter(), page.getPart(), page.getUrl(),
				this.pages.findChunks(id));
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

	record Hit(long id, String title, String chapter, String url, String chunk, double score) {

		static Hit of(NearestParent<ManualPage> nearest) {
			ManualPage page = nearest.parent();
			return new Hit(page.getId(), page.getTitle(), page.getChapter(), page.getUrl(), nearest.chunk().getChunk(),
					nearest.score().getValue());
		}

		static Hit of(WordSearch.Match match) {
			return new Hit(match.id(), match.title(), match.chapter(), ManualPage.url(match.file()), match.passage(),
					match.rank());
		}

	}

	record Page(long id, String title, String chapter, String part, String url, List<String> chunks) {
	}

}
