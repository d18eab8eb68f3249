package io.pgai.spring.sample.manual;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Search by words: PostgreSQL's full text search on the pages ({@code manual_pages.words}), ranked
 * by {@code ts_rank_cd}, with the best passage of each page.
 */
@Service
public class WordSearch {

	/** Marks the query's words in a passage; the page escapes the passage, then turns these into marks. */
	public static final String START = "\u0002";

	public static final String STOP = "\u0003";

	private final JdbcClient jdbc;

	public WordSearch(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Pages matching a query written as a web search is ({@code websearch_to_tsquery}: words,
	 * "quoted phrases", -excluded words, or), best first.
	 */
	public List<Match> search(String query, @Nullable String chapter, int k) {
		// The passage is cut from the ranked pages only: ts_headline re-parses the whole page.
		return this.jdbc.sql("""
				select p.id, p.title, p.chapter, p.file, r.rank,
				       ts_headline('english', p.content, r.q,
				                   'MaxFragments=1, MinWords=20, MaxWords=45, StartSel=' || :start || ', StopSel=' || :stop)
				from (select id, q, ts_rank_cd(words, q) as rank
				      from manual_pages, websearch_to_tsquery('english', :query) q
				      where words @@ q and (cast(:chapter as text) is null or chapter = :chapter)
				      order by rank desc, id limit :k) r
				join manual_pages p on p.id = r.id
				order by r.rank desc, p.id""")
			.param("query", query)
			.param("chapter", (chapter == null || chapter.isBlank()) ? null : chapter)
			.param("k", k)
			.param("start", START)
			.param("stop", STOP)
			.query((rs, row) -> new Match(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getDouble(5), rs.getString(6)))
			.list();
	}

	/**
	 * A page matching a query.
	 * @param id the page
	 * @param title its title
	 * @param chapter its chapter
	 * @param file its file in the HTML manual, none for a note
	 * @param rank its {@code ts_rank_cd}
	 * @param passage its best passage, the query's words between {@link #START} and {@link #STOP}
	 */
	public record Match(long id, String title, String chapter, @Nullable String file, double rank, String passage) {
	}

}
