package io.pgai.spring.vectorizer.worker;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills pgai's Python template, {@code string.Template} style: {@code $chunk} is the chunk,
 * {@code $column} or {@code ${column}} a column of the source row, {@code $$} a dollar sign.
 * Placeholders that name nothing stay as written, as with {@code safe_substitute}.
 */
final class ChunkFormatter {

	private static final Pattern PLACEHOLDER = Pattern
		.compile("\\$(?:(\\$)|([_A-Za-z][_A-Za-z0-9]*)|\\{([_A-Za-z][_A-Za-z0-9]*)})");

	private ChunkFormatter() {
	}

	static String format(String template, String chunk, Map<String, Object> row) {
		if (template.equals("$chunk")) {
			// pgai's default template: nothing to look up.
			return chunk;
		}
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder formatted = new StringBuilder();
		while (matcher.find()) {
			String replacement;
			if (matcher.group(1) != null) {
				replacement = "$";
			}
			else {
				String name = (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
				if ("chunk".equals(name)) {
					replacement = chunk;
				}
				else if (row.containsKey(name)) {
					Object value = row.get(name);
					replacement = (value != null) ? value.toString() : "None";
				}
				else {
					replacement = matcher.group();
				}
			}
			matcher.appendReplacement(formatted, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(formatted);
		return formatted.toString();
	}

}
