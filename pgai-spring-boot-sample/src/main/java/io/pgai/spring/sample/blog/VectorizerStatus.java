package io.pgai.spring.sample.blog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far the vectorizer is: posts, chunks embedded and rows still queued.
 */
@Component
public class VectorizerStatus {

	private final JdbcTemplate jdbc;

	public VectorizerStatus(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public Snapshot snapshot() {
		return this.jdbc.queryForObject("""
				select (select count(*) from blog_posts),
				       (select count(*) from blog_posts_embedding_store),
				       (select coalesce(sum(ai.vectorizer_queue_pending(id, true)), 0) from ai.vectorizer)""",
				(rs, row) -> new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
	}

	/**
	 * A moment of the vectorizer's progress.
	 * @param posts the posts
	 * @param chunks the chunks in the store
	 * @param pending the posts waiting to be embedded
	 */
	public record Snapshot(long posts, long chunks, long pending) {
	}

}
