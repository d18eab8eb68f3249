package io.pgai.spring.sample.manual;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the vectorizer is: pages done, chunks embedded, pages still queued, and, while pages are
 * queued, the rate since the backlog was first seen and the time left at that rate.
 */
@Component
public class BackfillStatus {

	private final JdbcClient jdbc;

	/** The first moment seen with pages queued, or {@code null} while nothing is. */
	private volatile @Nullable Observation backlogStart;

	public BackfillStatus(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Snapshot snapshot() {
		long[] counts = this.jdbc.sql("""
				select (select count(*) from manual_pages),
				       (select count(*) from manual_pages_embedding_store),
				       (select coalesce(sum(ai.vectorizer_queue_pending(id, true)), 0) from ai.vectorizer)""")
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) })
			.single();
		long pages = counts[0];
		long pending = Math.min(counts[2], pages);
		long done = pages - pending;
		long now = System.currentTimeMillis();
		Observation start = this.backlogStart;
		if (pending == 0) {
			this.backlogStart = null;
			return new Snapshot(pages, done, counts[1], 0, 0, 0);
		}
		if (start == null) {
			this.backlogStart = new Observation(now, done);
			return new Snapshot(pages, done, counts[1], pending, 0, -1);
		}
		double seconds = (now - start.millis()) / 1000.0;
		double rate = (seconds > 0) ? (done - start.done()) / seconds : 0;
		long left = (rate > 0) ? Math.round(pending / rate) : -1;
		return new Snapshot(pages, done, counts[1], pending, Math.round(rate * 10) / 10.0, left);
	}

	private record Observation(long millis, long done) {
	}

	/**
	 * A moment of the vectorizer's progress.
	 * @param pages the manual's pages
	 * @param embedded the pages embedded
	 * @param chunks the chunks in the store
	 * @param pending the pages waiting to be embedded
	 * @param pagesPerSecond the rate since the backlog was first seen, 0 when none is queued
	 * @param secondsLeft the time left at that rate, -1 while it is not known yet
	 */
	public record Snapshot(long pages, long embedded, long chunks, long pending, double pagesPerSecond,
			long secondsLeft) {
	}

}
