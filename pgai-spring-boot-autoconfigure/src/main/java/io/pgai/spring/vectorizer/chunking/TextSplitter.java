package io.pgai.spring.vectorizer.chunking;

import java.util.List;

/**
 * Splits a text into the chunks that get embedded.
 */
@FunctionalInterface
public interface TextSplitter {

	/**
	 * Splits a text.
	 * @param text the text
	 * @return the chunks, in order; none for a blank text
	 */
	List<String> split(String text);

	/**
	 * A splitter that keeps the text whole, pgai's {@code chunking_none}.
	 * @return the splitter
	 */
	static TextSplitter none() {
		return (text) -> text.isBlank() ? List.of() : List.of(text);
	}

}
