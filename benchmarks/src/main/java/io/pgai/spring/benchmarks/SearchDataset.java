package io.pgai.spring.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The search benchmark's data: parents in {@code bench_docs}, seeded random unit vectors in
 * {@code bench_docs_embedding_store} (pgai's layout), and an HNSW cosine index. Reused when a
 * previous run made the same sizes.
 */
final class SearchDataset {

	static final long SEED = 20261127L;

	/** Topic clusters of the data and the queries. */
	static final int CLUSTERS = 200;

	private static final Log logger = LogFactory.getLog(SearchDataset.class);

	private SearchDataset() {
	}

	static void prepare(Connection connection, BenchmarkOptions options) throws SQLException, IOException {
		int chunks = options.chunks();
		int parents = options.parents();
		try (Statement statement = connection.createStatement()) {
			statement.execute("create extension if not exists vector");
			statement.execute("create table if not exists bench_meta (chunks int, parents int, seed bigint)");
			try (ResultSet rs = statement.executeQuery("select count(*) from bench_meta where chunks = " + chunks
					+ " and parents = " + parents + " and seed = " + SEED)) {
				rs.next();
				if (rs.getLong(1) == 1 && Boolean.TRUE.equals(indexExists(statement))) {
					logger.info("Reusing the search dataset of " + chunks + " chunks");
					return;
				}
			}
			logger.info("Creating the search dataset: " + chunks + " chunks of " + Vectors.DIMENSIONS
					+ " dimensions over " + parents + " parents");
			statement.execute("drop table if exists bench_docs_embedding_store, bench_docs cascade");
			statement.execute("delete from bench_meta");
			statement.execute("create table bench_docs (id bigint primary key, category int not null, title text not null)");
			statement.execute("""
					create table bench_docs_embedding_store (
					    embedding_uuid uuid not null primary key,
					    id bigint not null, chunk_seq int not null, chunk text not null,
					    embedding vector(384) not null, unique (id, chunk_seq))""");
		}
		Random random = new Random(SEED);
		float[][] centres = Vectors.centres(new Random(SEED), CLUSTERS);
		copy(connection, "copy bench_docs (id, category, title) from stdin", (out) -> {
			for (int id = 1; id <= parents; id++) {
				out.write(id + "\t" + (id % 10) + "\tdocument " + id + "\n");
			}
		});
		copy(connection, "copy bench_docs_embedding_store (embedding_uuid, id, chunk_seq, chunk, embedding) from stdin",
				(out) -> {
					for (int i = 0; i < chunks; i++) {
						int parent = 1 + (i % parents);
						int seq = i / parents;
						out.write(new UUID(random.nextLong(), random.nextLong()) + "\t" + parent + "\t" + seq
								+ "\tchunk " + i + "\t" + Vectors.literal(Vectors.clustered(random, centres)) + "\n");
					}
				});
		try (Statement statement = connection.createStatement()) {
			logger.info("Building the HNSW index");
			// The whole graph in memory: 1,000,000 x 384 takes about 2 GB, and a build past
			// maintenance_work_mem goes on much more slowly.
			statement.execute("set maintenance_work_mem = '" + Math.max(1, chunks / 250_000) + "GB'");
			long started = System.nanoTime();
			statement.execute("create index bench_docs_embedding_store_hnsw on bench_docs_embedding_store "
					+ "using hnsw (" + options.indexDefinition() + ") with (m = " + options.hnswM() + ", ef_construction = "
					+ options.hnswEfConstruction() + ")");
			logger.info("Built the HNSW index (" + options.indexDefinition() + ", m = " + options.hnswM() + ", ef_construction = "
					+ options.hnswEfConstruction() + ") in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
			statement.execute("create index on bench_docs_embedding_store (id)");
			statement.execute("analyze bench_docs, bench_docs_embedding_store");
			statement.execute("insert into bench_meta values (" + chunks + ", " + parents + ", " + SEED + ")");
		}
	}

	private static Boolean indexExists(Statement statement) throws SQLException {
		try (ResultSet rs = statement
			.executeQuery("select to_regclass('bench_docs_embedding_store_hnsw') is not null")) {
			rs.next();
			return rs.getBoolean(1);
		}
	}

	private static void copy(Connection connection, String sql, RowWriter rows) throws SQLException, IOException {
		CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
		try (Writer out = new java.io.BufferedWriter(
				new java.io.OutputStreamWriter(new PGCopyOutputStream(copy), java.nio.charset.StandardCharsets.UTF_8),
				1 << 20)) {
			rows.write(out);
		}
	}

	interface RowWriter {

		void write(Writer out) throws IOException;

	}

}
