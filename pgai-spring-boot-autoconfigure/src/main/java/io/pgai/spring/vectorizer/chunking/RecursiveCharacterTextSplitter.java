package io.pgai.spring.vectorizer.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits on the first separator that occurs in the text, recursing with the next separators into
 * pieces still too long, and merges the pieces into chunks; separators stay at the start of the
 * piece they preceded. pgai's {@code chunking_recursive_character_text_splitter}, LangChain's
 * {@code RecursiveCharacterTextSplitter}.
 */
public class RecursiveCharacterTextSplitter implements TextSplitter {

	/** pgai's default separators. */
	public static final List<String> DEFAULT_SEPARATORS = List.of("\n\n", "\n", ".", "?", "!", " ", "");

	private final ChunkMerger merger;

	private final List<String> separators;

	private final boolean separatorsAreRegex;

	/**
	 * Creates a splitter.
	 * @param chunkSize the largest chunk, in characters
	 * @param chunkOverlap the characters neighbouring chunks may share
	 * @param separators the separators, coarsest first
	 * @param separatorsAreRegex whether the separators are regular expressions
	 * @throws IllegalArgumentException if the sizes are out of range or a separator is not a
	 * valid regular expression
	 */
	public RecursiveCharacterTextSplitter(int chunkSize, int chunkOverlap, List<String> separators,
			boolean separatorsAreRegex) {
		this.merger = new ChunkMerger(chunkSize, chunkOverlap);
		this.separators = List.copyOf(separators);
		this.separatorsAreRegex = separatorsAreRegex;
		if (separatorsAreRegex) {
			// A pattern that does not compile fails here, when the splitter is made, not on some text.
			this.separators.stream().filter((separator) -> !separator.isEmpty()).forEach(RegexSplits::pattern);
		}
	}

	@Override
	public List<String> split(String text) {
		return split(text, this.separators);
	}

	private List<String> split(String text, List<String> separators) {
		String separator = separators.isEmpty() ? "" : separators.get(separators.size() - 1);
		List<String> finer = List.of();
		for (int i = 0; i < separators.size(); i++) {
			String candidate = separators.get(i);
			if (candidate.isEmpty()) {
				separator = candidate;
				break;
			}
			if (occursIn(text, candidate)) {
				separator = candidate;
				finer = separators.subList(i + 1, separators.size());
				break;
			}
		}
		List<String> chunks = new ArrayList<>();
		List<String> fitting = new ArrayList<>();
		for (String piece : RegexSplits.split(text, pattern(separator), true)) {
			if (ChunkMerger.length(piece) < this.merger.chunkSize()) {
				fitting.add(piece);
				continue;
			}
			if (!fitting.isEmpty()) {
				chunks.addAll(this.merger.merge(fitting, ""));
				fitting.clear();
			}
			if (finer.isEmpty()) {
				chunks.add(piece);
			}
			else {
				chunks.addAll(split(piece, finer));
			}
		}
		if (!fitting.isEmpty()) {
			chunks.addAll(this.merger.merge(fitting, ""));
		}
		return chunks;
	}

	private boolean occursIn(String text, String separator) {
		return this.separatorsAreRegex ? RegexSplits.pattern(separator).matcher(text).find() : text.contains(separator);
	}

	private String pattern(String separator) {
		return (this.separatorsAreRegex || separator.isEmpty()) ? separator : Pattern.quote(separator);
	}

}
