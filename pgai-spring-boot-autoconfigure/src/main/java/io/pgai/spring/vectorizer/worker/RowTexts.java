package io.pgai.spring.vectorizer.worker;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The text each claimed row gives its vectorizer, as pgai's worker loads and parses it: a text
 * column as it is (NULL as nothing to embed), a {@code bytea} column parsed as a document, and
 * with {@code ai.loading_uri} the document the column names, read and parsed. A row whose document
 * cannot be read or parsed is set aside with the reason, for the retry schedule.
 *
 * @param texts the rows' texts
 * @param failures the rows set aside, with the reason
 */
record RowTexts(Map<RowKey, String> texts, Map<RowKey, String> failures) {

	/** pgai's worker's words for a document with {@code ai.parsing_none()}. */
	static final String NOT_WITH_PARSING_NONE = "Cannot chunk Document with parsing_none, use parsing_auto or "
			+ "parsing_pymupdf";

	/**
	 * The text of a row that was not set aside.
	 * @param key the row
	 * @return its text, empty when it has nothing to embed
	 */
	String textOf(RowKey key) {
		String text = this.texts.get(key);
		return (text != null) ? text : "";
	}

	static RowTexts read(VectorizerDefinition vectorizer, Claim claim, Documents documents) {
		boolean fromUri = "uri".equals(vectorizer.loading().get("implementation"));
		boolean parsingNone = "none".equals(vectorizer.parsing().get("implementation"));
		Map<RowKey, String> texts = new LinkedHashMap<>();
		Map<RowKey, String> failures = new LinkedHashMap<>();
		claim.rows().forEach((key, row) -> {
			Object value = row.get(vectorizer.loadingColumn());
			try {
				if (fromUri) {
					String uri = (value != null) ? value.toString() : null;
					byte[] document = documents.load(uri);
					texts.put(key, parse(documents, document, uri, parsingNone));
				}
				else if (value instanceof byte[] document) {
					texts.put(key, parse(documents, document, null, parsingNone));
				}
				else {
					texts.put(key, (value != null) ? value.toString() : "");
				}
			}
			catch (DocumentException ex) {
				failures.put(key, ex.getMessage());
			}
		});
		return new RowTexts(texts, failures);
	}

	private static String parse(Documents documents, byte[] document, @Nullable String name, boolean parsingNone) {
		if (parsingNone) {
			throw new DocumentException(NOT_WITH_PARSING_NONE);
		}
		return documents.text(document, name);
	}

}
