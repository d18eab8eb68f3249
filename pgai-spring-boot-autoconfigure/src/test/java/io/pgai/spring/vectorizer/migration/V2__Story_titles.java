package io.pgai.spring.vectorizer.migration;

import io.pgai.spring.vectorizer.CreateVectorizer;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A Flyway Java migration creating a second vectorizer through {@link CreateVectorizer}.
 */
// tag::java-migration[]
public class V2__Story_titles extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		CreateVectorizer.source("stories")
			.name("story_titles")
			.destination("story_titles")
			.loadingColumn("title")
			.embeddingLocal("all-MiniLM-L6-v2", 384)
			.chunkingNone()
			.execute(context.getConnection());
	}

}
// end::java-migration[]
