package io.pgai.spring.vectorizer.worker;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Which vectorizers this worker leaves alone, and why: those whose configuration it cannot carry
 * out as pgai's worker would. Their queue rows are not claimed, so pgai's Python worker can run
 * them beside this one on the same database.
 */
final class UnsupportedConfigurations {

	private static final String PGAI_WORKER = "; pgai's Python worker runs it";

	private UnsupportedConfigurations() {
	}

	/**
	 * Why this worker cannot run a vectorizer.
	 * @param vectorizer the vectorizer
	 * @param diskannAvailable whether pgvectorscale, which provides diskann indexes, is installed
	 * @param documentsAvailable whether documents can be parsed (Apache Tika's parsers are there)
	 * @return the reason, naming the configuration, or {@code null} if the worker runs it
	 */
	static @Nullable String reason(VectorizerDefinition vectorizer, boolean diskannAvailable,
			boolean documentsAvailable) {
		String loading = implementation(vectorizer.loading());
		if (!"column".equals(loading) && !"uri".equals(loading)) {
			return "it loads with ai.loading_" + loading + ", which this worker does not know" + PGAI_WORKER;
		}
		if (vectorizer.loading().get("aws_role_arn") != null) {
			return "it reads S3 as the AWS role " + vectorizer.loading().get("aws_role_arn")
					+ " (aws_role_arn), which this worker does not assume" + PGAI_WORKER;
		}
		boolean documents = "uri".equals(loading) || "bytea".equals(vectorizer.loadingColumnType());
		if (documents && !documentsAvailable) {
			return "it parses documents (" + ("uri".equals(loading) ? "ai.loading_uri" : "a bytea column")
					+ "), which needs Apache Tika's parsers: add org.apache.tika:tika-parsers-standard-package to "
					+ "the application, or let pgai's Python worker run it";
		}
		String destination = implementation(vectorizer.destination());
		if (!"table".equals(destination) && !"column".equals(destination)) {
			return "its destination is " + destination + ", which this worker does not know" + PGAI_WORKER;
		}
		String embedding = implementation(vectorizer.embedding());
		if (!EmbeddingProviders.IMPLEMENTATIONS.contains(embedding)) {
			return "it embeds with ai.embedding_" + embedding + ", which this worker has no provider for (it has "
					+ String.join(", ", EmbeddingProviders.IMPLEMENTATIONS) + ")" + PGAI_WORKER;
		}
		if ("diskann".equals(implementation(vectorizer.indexing())) && !diskannAvailable) {
			return "its indexing is ai.indexing_diskann, which needs the pgvectorscale extension (vectorscale), not "
					+ "installed in this database" + PGAI_WORKER;
		}
		return null;
	}

	private static String implementation(Map<String, Object> section) {
		return String.valueOf(section.get("implementation"));
	}

}
