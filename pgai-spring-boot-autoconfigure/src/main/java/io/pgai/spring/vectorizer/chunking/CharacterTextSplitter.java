package io.pgai.spring.vectorizer.chunking;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits on one separator, then merges the pieces into chunks: pgai's
 * {@code chunking_character_text_splitter}, LangChain's {@code CharacterTextSplitter}.
 */
public class CharacterTextSplitter implements TextSplitter {

	private final ChunkMerger merger;

	private final String separator;

	private final boolean separatorIsRegex;

	/**
	 * Creates a splitter.
	 * @param chunkSize the largest chunk, in characters
	 * @param chunkOverlap the characters neighbouring chunks may share
	 * @param separator the separator
	 * @param separatorIsRegex whether the separator is a regular expression
	 * @throws IllegalArgumentException if the sizes are out of range or the separator is not a
	 * valid regular expression
	 */
	public CharacterTextSplitter(int chunkSize, int chunkOverlap, String separator, boolean separatorIsRegex) {
		this.merger = new ChunkMerger(chunkSize, chunkOverlap);
		this.separator = separator;
		this.separatorIsRegex = separatorIsRegex;
		if (separatorIsRegex && !separator.isEmpty()) {
			// A pattern that does not compile fails here, when the splitter is made, not on some text.
			RegexSplits.pattern(separator);
		}
	}

	@Override
	public List<String> split(String text) {
		String pattern = (this.separatorIsRegex || this.separator.isEmpty()) ? this.separator
				: Pattern.quote(this.separator);
		// The separator is dropped from the pieces and put back between them when merging.
		return this.merger.merge(RegexSplits.split(text, pattern, false), this.separator);
	}

}
