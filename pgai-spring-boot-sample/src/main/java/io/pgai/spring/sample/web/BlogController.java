package io.pgai.spring.sample.web;

import java.util.List;

import io.pgai.spring.NearestParent;
import io.pgai.spring.sample.blog.BlogPost;
import io.pgai.spring.sample.blog.BlogPostRepository;
import io.pgai.spring.sample.blog.BlogSearch;
import io.pgai.spring.sample.blog.PostNotFoundException;
import io.pgai.spring.sample.blog.VectorizerStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The blog's JSON API: search, "more like this", posts and the vectorizer's progress.
 */
@RestController
@RequestMapping("/api")
class BlogController {

	private final BlogSearch search;

	private final BlogPostRepository posts;

	private final VectorizerStatus status;

	BlogController(BlogSearch search, BlogPostRepository posts, VectorizerStatus status) {
		this.search = search;
		this.posts = posts;
		this.status = status;
	}

	@GetMapping("/search")
	List<Hit> search(@RequestParam String q, @RequestParam(required = false) @Nullable String category,
			@RequestParam(defaultValue = "10") int k) {
		return this.search.search(q, category, k).stream().map(Hit::of).toList();
	}

	@GetMapping("/posts/{id}/similar")
	List<Hit> similar(@PathVariable long id, @RequestParam(defaultValue = "5") int k) {
		return this.search.moreLikeThis(id, k).stream().map(Hit::of).toList();
	}

	@GetMapping("/posts/{id}")
	Post post(@PathVariable long id) {
		return Post.of(this.posts.findById(id).orElseThrow(() -> new PostNotFoundException(id)));
	}

	@GetMapping("/posts/{id}/chunks")
	List<String> chunks(@PathVariable long id) {
		if (!this.posts.existsById(id)) {
			throw new PostNotFoundException(id);
		}
		return this.posts.findChunks(id);
	}

	@PostMapping("/posts")
	@ResponseStatus(HttpStatus.CREATED)
	Post create(@RequestBody Post post) {
		return Post.of(this.posts.save(new BlogPost(post.title(), post.category(), post.content())));
	}

	@PutMapping("/posts/{id}")
	Post edit(@PathVariable long id, @RequestBody Post post) {
		BlogPost existing = this.posts.findById(id).orElseThrow(() -> new PostNotFoundException(id));
		existing.edit(post.title(), post.category(), post.content());
		return Post.of(this.posts.save(existing));
	}

	@GetMapping("/categories")
	List<String> categories() {
		return this.posts.findCategories();
	}

	@GetMapping("/status")
	VectorizerStatus.Snapshot status() {
		return this.status.snapshot();
	}

	record Hit(long id, String title, String category, String chunk, double score) {

		static Hit of(NearestParent<BlogPost> nearest) {
			BlogPost post = nearest.parent();
			return new Hit(post.getId(), post.getTitle(), post.getCategory(), nearest.chunk().getChunk(),
					nearest.score().getValue());
		}

	}

	record Post(@Nullable Long id, String title, String category, String content) {

		static Post of(BlogPost post) {
			return new Post(post.getId(), post.getTitle(), post.getCategory(), post.getContent());
		}

	}

}
