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
 * {@code bench_docs_embedding_store} (pgai's layout), and an HNSW cosine index; on the default
 * dataset each chunk's text is a passage of the sample's manual, with the GIN index hybrid searches
 * match it by. Reused when a previous run made the same sizes.
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
		String docs = options.docsTable();
		String store = options.storeTable();
		try (Statement statement = connection.createStatement()) {
			statement.execute("create extension if not exists vector");
			// Both datasets are mapped, so both stores must exist for startup's validation; only the
			// one measured holds rows.
			createTables(statement, "bench_docs", BenchmarkOptions.DIMENSIONS, true);
			createTables(statement, "bench_wide_docs", BenchmarkOptions.WIDE_DIMENSIONS, true);
			statement.execute("create table if not exists bench_meta (chunks int, parents int, seed bigint)");
			statement.execute("alter table bench_meta add column if not exists texts boolean not null default false");
			try (ResultSet rs = statement.executeQuery("select count(*) from bench_meta where chunks = " + chunks
					+ " and parents = " + parents + " and seed = " + SEED + " and texts = " + options.texts())) {
				rs.next();
				if (rs.getLong(1) == 1 && Boolean.TRUE.equals(indexExists(statement, store))) {
					logger.info("Reusing the search dataset of " + chunks + " chunks");
					return;
				}
			}
			logger.info("Creating the search dataset: " + chunks + " chunks of " + options.dimensions()
					+ " dimensions over " + parents + " parents");
			statement.execute("drop table if exists " + store + ", " + docs + " cascade");
			// The peers' copies of the chunks are copies of the old ones.
			statement.execute("drop table if exists bench_langchain4j, bench_spring_ai");
			statement.execute("delete from bench_meta");
			createTables(statement, docs, options.dimensions(), false);
		}
		Random random = new Random(SEED);
		Random passages = new Random(SEED + 2);
		ManualText manual = options.texts() ? ManualText.load() : null;
		float[][] centres = Vectors.centres(new Random(SEED), CLUSTERS, options.dimensions());
		long started = System.nanoTime();
		copy(connection, "copy " + docs + " (id, category, title) from stdin", (out) -> {
			for (int id = 1; id <= parents; id++) {
				out.write(id + "\t" + (id % 10) + "\tdocument " + id + "\n");
			}
		});
		copy(connection, "copy " + store + " (embedding_uuid, id, chunk_seq, chunk, embedding) from stdin",
				(out) -> {
					for (int i = 0; i < chunks; i++) {
						int parent = 1 + (i % parents);
						int seq = i / parents;
						out.write(new UUID(random.nextLong(), random.nextLong()) + "\t" + parent + "\t" + seq
								+ "\t" + ((manual != null) ? manual.passage(passages).replace("\\", "\\\\") : "chunk " + i)
								+ "\t" + Vectors.literal(Vectors.clustered(random, centres)) + "\n");
					}
				});
		logger.info("Copied the dataset in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
		try (Statement statement = connection.createStatement()) {
			logger.info("Building the HNSW index");
			// The whole graph in memory: 1,000,000 x 384 takes about 2 GB, and a build past
			// maintenance_work_mem goes on much more slowly.
			statement.execute("set maintenance_work_mem = '"
					+ Math.max(1, (long) chunks * options.dimensions() / 96_000_000) + "GB'");
			started = System.nanoTime();
			statement.execute("create index " + store + "_hnsw on " + store + " using hnsw ("
					+ options.indexDefinition() + ") with (m = " + options.hnswM() + ", ef_construction = "
					+ options.hnswEfConstruction() + ")");
			logger.info("Built the HNSW index (" + options.indexDefinition() + ", m = " + options.hnswM() + ", ef_construction = "
					+ options.hnswEfConstruction() + ") in " + (System.nanoTime() - started) / 1_000_000_000 + " s, "
					+ size(statement, store + "_hnsw"));
			statement.execute("create index on " + store + " (id)");
			if (manual != null) {
				logger.info("Building the chunks' text index");
				statement.execute("create index " + store + "_chunk_tsv_idx on " + store
						+ " using gin (to_tsvector('english', chunk))");
			}
			statement.execute("analyze " + docs + ", " + store);
			statement.execute("insert into bench_meta values (" + chunks + ", " + parents + ", " + SEED + ", "
					+ options.texts() + ")");
		}
	}

	/** A dataset's parent table and its store in pgai's layout. */
	private static void createTables(Statement statement, String docs, int dimensions, boolean ifNotExists)
			throws SQLException {
		String create = ifNotExists ? "create table if not exists " : "create table ";
		statement.execute(create + docs + " (id bigint primary key, category int not null, title text not null)");
		statement.execute(create + docs + "_embedding_store (embedding_uuid uuid not null primary key, "
				+ "id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(" + dimensions
				+ ") not null, unique (id, chunk_seq))");
	}

	private static String size(Statement statement, String relation) throws SQLException {
		try (ResultSet rs = statement.executeQuery("select pg_size_pretty(pg_relation_size('" + relation + "'))")) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static Boolean indexExists(Statement statement, String store) throws SQLException {
		try (ResultSet rs = statement.executeQuery("select to_regclass('" + store + "_hnsw') is not null")) {
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
