package io.pgai.spring.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pgvector.PGvector;
import io.pgai.spring.vectorizer.chunking.TextSplitter;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a store holds after a from-scratch run over its source's current rows, against what it
 * holds: each row's chunks in order, each with the loopback provider's vector for its text.
 * Comparing the two finds lost, stale, doubled and orphaned chunks alike.
 */
public final class ExpectedStore {

	private ExpectedStore() {
	}

	/**
	 * The chunks a from-scratch run gives, as {@code key:seq:chunk:vector}.
	 * @param jdbc the test's connection
	 * @param source the source table
	 * @param key the key expression, such as {@code id::text}
	 * @param column the loading column
	 * @param splitter the vectorizer's splitter
	 * @param api the provider, for the vector of each text
	 * @return the chunks, in key and sequence order
	 */
	public static List<String> fromScratch(JdbcTemplate jdbc, String source, String key, String column,
			TextSplitter splitter, FakeEmbeddingApi api) {
		List<String> expected = new ArrayList<>();
		for (Map<String, Object> row : jdbc.queryForList("select " + key + " k, " + column + " v from " + source
				+ " order by " + key)) {
			if (row.get("v") == null) {
				continue;
			}
			int seq = 0;
			for (String chunk : splitter.split((String) row.get("v"))) {
				expected.add(row.get("k") + ":" + seq++ + ":" + chunk + ":" + new PGvector(api.vectorOf(chunk)));
			}
		}
		return expected;
	}

	/**
	 * The chunks a store holds, as {@code key:seq:chunk:vector}.
	 * @param jdbc the test's connection
	 * @param store the store table
	 * @param key the key expression, such as {@code id::text}
	 * @return the chunks, in key and sequence order
	 */
	public static List<String> actual(JdbcTemplate jdbc, String store, String key) {
		// The vector goes through pgvector-java as the expected one does, which prints 1 as 1.0.
		return jdbc.query("select " + key + " || ':' || chunk_seq || ':' || chunk, embedding::text from " + store
				+ " order by " + key + ", chunk_seq", (rs, row) -> rs.getString(1) + ":" + new PGvector(rs.getString(2)));
	}

}
