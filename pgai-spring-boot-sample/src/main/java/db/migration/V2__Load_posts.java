package db.migration;

import java.io.InputStream;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.postgresql.PGConnection;

/**
 * Loads the sample's posts from {@code data/posts.csv} with PostgreSQL's {@code COPY}.
 */
public class V2__Load_posts extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		try (InputStream posts = getClass().getResourceAsStream("/data/posts.csv")) {
			if (posts == null) {
				throw new IllegalStateException("data/posts.csv is missing from the class path");
			}
			context.getConnection()
				.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy blog_posts (title, category, content) from stdin with (format csv, header true)", posts);
		}
	}

}
