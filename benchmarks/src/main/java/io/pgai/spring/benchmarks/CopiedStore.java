package io.pgai.spring.benchmarks;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A copy of the benchmark's chunks in another library's table layout, with the same HNSW cosine
 * index, rebuilt only when the chunks changed.
 */
final class CopiedStore {

	private static final Log logger = LogFactory.getLog(CopiedStore.class);

	private CopiedStore() {
	}

	static void ensure(JdbcTemplate jdbc, String table, String columns, String select) {
		String index = table + "_hnsw";
		boolean indexed = Boolean.TRUE
			.equals(jdbc.queryForObject("select to_regclass('" + index + "') is not null", Boolean.class));
		if (indexed && jdbc.queryForObject("select count(*) from " + table, Long.class)
			.equals(jdbc.queryForObject("select count(*) from bench_docs_embedding_store", Long.class))) {
			return;
		}
		logger.info("Copying the chunks to " + table + " and building its HNSW index");
		jdbc.execute("drop table if exists " + table);
		jdbc.execute("create table " + table + " (" + columns + ")");
		jdbc.execute("insert into " + table + " " + select);
		jdbc.execute("set maintenance_work_mem = '1GB'");
		jdbc.execute("create index " + index + " on " + table + " using hnsw (embedding vector_cosine_ops)");
		jdbc.execute("analyze " + table);
	}

}
