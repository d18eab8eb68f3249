package io.pgai.spring.vectorizer.worker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.pgai.spring.vectorizer.chunking.TextSplitter;
import org.jspecify.annotations.Nullable;

/**
 * What a batch will write: each claimed row re-chunked and formatted, each chunk with the vector
 * it can keep (the stored vector of a chunk whose text is unchanged) or none yet. A row whose
 * chunks are all unchanged is left as it is; a row gone from the source loses its chunks; a row
 * whose text cannot be stored is set aside with the reason, for the retry schedule.
 */
final class BatchPlan {

	private final Map<RowKey, List<PlannedChunk>> replacements;

	private final Set<RowKey> vanished;

	private final Map<RowKey, String> rowFailures;

	private final List<String> textsToEmbed;

	private final int reused;

	private BatchPlan(Map<RowKey, List<PlannedChunk>> replacements, Set<RowKey> vanished,
			Map<RowKey, String> rowFailures, List<String> textsToEmbed, int reused) {
		this.replacements = replacements;
		this.vanished = vanished;
		this.rowFailures = rowFailures;
		this.textsToEmbed = textsToEmbed;
		this.reused = reused;
	}

	/**
	 * Plans a claimed batch.
	 * @param vectorizer the vectorizer
	 * @param claim what was claimed
	 * @param documents loads and parses the rows' documents, where the vectorizer has any
	 * @param splitter the vectorizer's splitter
	 * @param known vectors of texts embedded moments ago by a batch that then failed, to be used
	 * before asking the provider again
	 * @throws VectorizerConfigurationException if the loading column or a template column is not
	 * in the source, or the template is malformed
	 */
	static BatchPlan of(VectorizerDefinition vectorizer, Claim claim, Documents documents, TextSplitter splitter,
			Function<String, float @Nullable []> known) {
		checkColumns(vectorizer, claim);
		RowTexts texts = RowTexts.read(vectorizer, claim, documents);
		Map<RowKey, List<PlannedChunk>> replacements = new LinkedHashMap<>();
		Set<RowKey> vanished = new LinkedHashSet<>();
		Map<RowKey, String> rowFailures = new LinkedHashMap<>(texts.failures());
		Set<String> toEmbed = new LinkedHashSet<>();
		int reused = 0;
		for (RowKey key : claim.keys()) {
			Map<String, Object> row = claim.rows().get(key);
			if (row == null) {
				vanished.add(key);
				continue;
			}
			if (rowFailures.containsKey(key)) {
				continue;
			}
			List<PlannedChunk> chunks = chunks(vectorizer, key, row, texts.textOf(key), splitter);
			// a column destination stores the vector alone, not the text
			String failure = (vectorizer.embeddingColumn() == null) ? unstorable(chunks) : null;
			if (failure != null) {
				rowFailures.put(key, failure);
				continue;
			}
			List<Claim.StoredChunk> stored = claim.stored().getOrDefault(key, List.of());
			if (sameTexts(chunks, stored)) {
				// Left as it is: neither replaced nor removed, only its queue entries are deleted.
				reused += stored.size();
				continue;
			}
			Map<String, float[]> storedVectors = new HashMap<>();
			stored.forEach((chunk) -> storedVectors.putIfAbsent(chunk.text(), chunk.vector()));
			List<PlannedChunk> planned = new ArrayList<>(chunks.size());
			for (PlannedChunk chunk : chunks) {
				float[] vector = storedVectors.get(chunk.text());
				if (vector == null) {
					vector = known.apply(chunk.text());
				}
				if (vector != null) {
					reused++;
				}
				else {
					toEmbed.add(chunk.text());
				}
				planned.add(chunk.withVector(vector));
			}
			replacements.put(key, planned);
		}
		return new BatchPlan(replacements, vanished, rowFailures, List.copyOf(toEmbed), reused);
	}

	private static void checkColumns(VectorizerDefinition vectorizer, Claim claim) {
		String source = vectorizer.sourceSchema() + "." + vectorizer.sourceTable();
		if (!claim.sourceColumns().contains(vectorizer.loadingColumn())) {
			throw new VectorizerConfigurationException("Vectorizer " + vectorizer.name() + " cannot load "
					+ vectorizer.loadingColumn() + ": " + source + " has no such column (dropped or renamed?); "
					+ "restore it, or recreate the vectorizer with ai.loading_column(...) naming an existing column");
		}
		Set<String> named;
		try {
			named = ChunkFormatter.columns(vectorizer.template());
		}
		catch (IllegalArgumentException ex) {
			throw new VectorizerConfigurationException("Vectorizer " + vectorizer.name() + " cannot format chunks: "
					+ ex.getMessage(), ex);
		}
		for (String column : named) {
			if (!claim.sourceColumns().contains(column)) {
				throw new VectorizerConfigurationException("Vectorizer " + vectorizer.name()
						+ " cannot format chunks: its template " + vectorizer.template() + " names $" + column
						+ ", but " + source + " has no column " + column + " (dropped or renamed?); restore it, or "
						+ "recreate the vectorizer with an ai.formatting_python_template(...) that names existing "
						+ "columns");
			}
		}
	}

	private static List<PlannedChunk> chunks(VectorizerDefinition vectorizer, RowKey key, Map<String, Object> row,
			String text, TextSplitter splitter) {
		if (text.isEmpty()) {
			// nothing to embed, as pgai's worker skips an empty text
			return List.of();
		}
		List<PlannedChunk> chunks = new ArrayList<>();
		int seq = 0;
		for (String piece : splitter.split(text)) {
			chunks.add(new PlannedChunk(key, seq++, ChunkFormatter.format(vectorizer.template(), piece, row), null));
		}
		return chunks;
	}

	/** Why PostgreSQL would refuse to store these chunks' text, or {@code null}. */
	private static @Nullable String unstorable(List<PlannedChunk> chunks) {
		for (PlannedChunk chunk : chunks) {
			int nul = chunk.text().indexOf('\u0000');
			if (nul >= 0) {
				return "chunk " + chunk.seq() + " holds a NUL character (U+0000) at position " + nul
						+ ", which a PostgreSQL text column cannot store; remove it from the row's loading column";
			}
		}
		return null;
	}

	private static boolean sameTexts(List<PlannedChunk> chunks, List<Claim.StoredChunk> stored) {
		if (chunks.size() != stored.size()) {
			return false;
		}
		for (int i = 0; i < chunks.size(); i++) {
			if (stored.get(i).seq() != chunks.get(i).seq() || !stored.get(i).text().equals(chunks.get(i).text())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * This plan with the provider's vectors put into the chunks that had none.
	 * @param embedded the vectors of {@link #textsToEmbed()}, by text
	 * @return the plan, every chunk with its vector
	 */
	BatchPlan withEmbedded(Map<String, float[]> embedded) {
		Map<RowKey, List<PlannedChunk>> filled = new LinkedHashMap<>();
		this.replacements.forEach((key, chunks) -> filled.put(key, chunks.stream()
			.map((chunk) -> (chunk.vector() != null) ? chunk : chunk.withVector(embedded.get(chunk.text())))
			.toList()));
		return new BatchPlan(filled, this.vanished, this.rowFailures, this.textsToEmbed, this.reused);
	}

	/** Rows whose chunks are replaced: deleted, then written again as planned (none for empty text). */
	Map<RowKey, List<PlannedChunk>> replacements() {
		return this.replacements;
	}

	/** Rows deleted from the source since they were queued: their chunks are removed. */
	Set<RowKey> vanished() {
		return this.vanished;
	}

	/** Rows whose text cannot be stored, with the reason; their queue entries stay. */
	Map<RowKey, String> rowFailures() {
		return this.rowFailures;
	}

	/** The distinct texts the provider must embed. */
	List<String> textsToEmbed() {
		return this.textsToEmbed;
	}

	/** How many chunks keep a vector they already had. */
	int reused() {
		return this.reused;
	}

	/**
	 * One chunk of a row.
	 * @param key the row
	 * @param seq its {@code chunk_seq}
	 * @param text the formatted text, which is embedded and stored
	 * @param vector its vector, when known without the provider
	 */
	record PlannedChunk(RowKey key, int seq, String text, float @Nullable [] vector) {

		PlannedChunk withVector(float @Nullable [] vector) {
			return new PlannedChunk(this.key, this.seq, this.text, vector);
		}

	}

}
