package db.migration;

import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.postgresql.PGConnection;

/**
 * Loads the PostgreSQL manual's pages from {@code data/manual.tsv.gz} (COPY's text format, written
 * by {@code tools/extract_manual.py}) with PostgreSQL's {@code COPY}.
 */
public class V2__Load_manual extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		try (InputStream compressed = getClass().getResourceAsStream("/data/manual.tsv.gz")) {
			if (compressed == null) {
				throw new IllegalStateException(
						"data/manual.tsv.gz is missing from the class path; tools/extract_manual.py writes it");
			}
			context.getConnection()
				.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy manual_pages (file, title, chapter, part, content) from stdin",
						new GZIPInputStream(compressed, 1 << 16));
		}
	}

}
