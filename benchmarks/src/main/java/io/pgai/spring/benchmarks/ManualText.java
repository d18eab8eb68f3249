package io.pgai.spring.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Real English text for the search dataset's chunks and real queries for its hybrid searches, from
 * the sample: chunks are 800-character passages of the PostgreSQL manual the sample searches
 * ({@code data/manual.tsv.gz}), drawn at seeded random offsets, so a word matches as many chunks
 * as it would in a manual nine times the size; the queries are the sample's known items, half
 * questions and half exact names.
 */
final class ManualText {

	/** The sample, beside this module: the benchmark runs in the module's directory. */
	private static final Path SAMPLE = Path.of("..", "pgai-spring-boot-sample", "src");

	private static final int CHUNK = 800;

	private final String text;

	private ManualText(String text) {
		this.text = text;
	}

	/**
	 * The manual's pages, their whitespace collapsed, one after another.
	 * @return the text
	 * @throws IOException if the sample's manual cannot be read
	 */
	static ManualText load() throws IOException {
		Path manual = SAMPLE.resolve("main/resources/data/manual.tsv.gz").toAbsolutePath().normalize();
		if (!Files.isReadable(manual)) {
			throw new IllegalStateException("The search dataset's chunk texts come from the sample's manual, " + manual
					+ ", which is missing: run the benchmark from the benchmarks module of a full checkout");
		}
		StringBuilder text = new StringBuilder();
		try (InputStream in = new GZIPInputStream(Files.newInputStream(manual), 1 << 16)) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				String[] columns = line.split("\t", -1);
				// COPY's text format: its escapes become spaces, as the page's whitespace does.
				text.append(columns[columns.length - 1].replaceAll("\\\\[ntr]", " ").replace("\\\\", "\\"))
					.append(' ');
			}
		}
		return new ManualText(text.toString().replaceAll("\\s+", " "));
	}

	/**
	 * A passage of about 800 characters from a random place, whole words only.
	 * @param random the dataset's random source
	 * @return the passage
	 */
	String passage(Random random) {
		int start = this.text.indexOf(' ', random.nextInt(this.text.length() - 2 * CHUNK)) + 1;
		int end = this.text.lastIndexOf(' ', start + CHUNK);
		return this.text.substring(start, (end > start) ? end : start + CHUNK);
	}

	/**
	 * The sample's known-item queries, in the file's order.
	 * @return the queries
	 * @throws IOException if the sample's evaluation set cannot be read
	 */
	static List<String> queries() throws IOException {
		Path items = SAMPLE.resolve("test/resources/evaluation/known-items.tsv").toAbsolutePath().normalize();
		if (!Files.isReadable(items)) {
			throw new IllegalStateException("The hybrid searches' queries are the sample's known items, " + items
					+ ", which are missing: run the benchmark from the benchmarks module of a full checkout");
		}
		List<String> queries = new ArrayList<>();
		for (String line : Files.readAllLines(items)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				queries.add(line.split("\t")[1]);
			}
		}
		return queries;
	}

}
