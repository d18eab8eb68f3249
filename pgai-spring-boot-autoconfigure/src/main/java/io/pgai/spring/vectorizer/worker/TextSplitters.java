package io.pgai.spring.vectorizer.worker;

import java.util.List;
import java.util.Map;

import io.pgai.spring.vectorizer.chunking.CharacterTextSplitter;
import io.pgai.spring.vectorizer.chunking.RecursiveCharacterTextSplitter;
import io.pgai.spring.vectorizer.chunking.TextSplitter;
import org.jspecify.annotations.Nullable;

/**
 * Makes the splitter a vectorizer's chunking configuration names.
 */
class TextSplitters {

	/**
	 * The vectorizer's splitter.
	 * @throws VectorizerConfigurationException if its chunking configuration cannot work
	 */
	TextSplitter forVectorizer(VectorizerDefinition vectorizer) {
		Map<String, Object> chunking = vectorizer.chunking();
		String implementation = String.valueOf(chunking.get("implementation"));
		int size = integer(chunking.get("chunk_size"), 800);
		int overlap = integer(chunking.get("chunk_overlap"), 400);
		boolean regex = Boolean.TRUE.equals(chunking.get("is_separator_regex"));
		try {
			return switch (implementation) {
				case "character_text_splitter" -> new CharacterTextSplitter(size, overlap,
						String.valueOf(chunking.getOrDefault("separator", "\n\n")), regex);
				case "recursive_character_text_splitter" -> new RecursiveCharacterTextSplitter(size, overlap,
						separators(chunking.get("separators")), regex);
				default -> TextSplitter.none();
			};
		}
		catch (IllegalArgumentException ex) {
			throw new VectorizerConfigurationException("Vectorizer " + vectorizer.name() + " cannot chunk with "
					+ implementation + " (chunk_size " + size + ", chunk_overlap " + overlap + "): " + ex.getMessage()
					+ "; recreate it with a valid ai.chunking_" + implementation + "(...)", ex);
		}
	}

	private static List<String> separators(@Nullable Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS;
	}

	private static int integer(@Nullable Object value, int fallback) {
		return (value instanceof Number number) ? number.intValue() : fallback;
	}

}
