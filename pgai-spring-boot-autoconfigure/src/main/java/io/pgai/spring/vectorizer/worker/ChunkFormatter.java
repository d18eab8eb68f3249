package io.pgai.spring.vectorizer.worker;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Fills pgai's Python template as {@code string.Template.substitute} does, which pgai's worker
 * calls: {@code $chunk} is the chunk, {@code $column} or {@code ${column}} a column of the source
 * row, {@code $$} a dollar sign. A name that is not a column, or a {@code $} followed by anything
 * else, is an error, as it is for pgai. Values are written as Python's {@code str()} writes them
 * ({@link PythonStr}).
 */
final class ChunkFormatter {

	private static final Pattern PLACEHOLDER = Pattern
		.compile("\\$(?:(\\$)|([_A-Za-z][_A-Za-z0-9]*)|\\{([_A-Za-z][_A-Za-z0-9]*)}|())");

	private ChunkFormatter() {
	}

	/**
	 * The column names a template refers to, besides {@code chunk}.
	 * @throws IllegalArgumentException if a {@code $} starts no placeholder
	 */
	static Set<String> columns(String template) {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			String name = name(matcher, template);
			if (name != null && !name.equals("chunk")) {
				names.add(name);
			}
		}
		return names;
	}

	static String format(String template, String chunk, Map<String, Object> row) {
		if (template.equals("$chunk")) {
			// pgai's default template: nothing to look up.
			return chunk;
		}
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder formatted = new StringBuilder();
		while (matcher.find()) {
			String name = name(matcher, template);
			String replacement;
			if (name == null) {
				replacement = "$";
			}
			else if (name.equals("chunk")) {
				replacement = chunk;
			}
			else if (row.containsKey(name)) {
				replacement = PythonStr.of(row.get(name));
			}
			else {
				throw new IllegalArgumentException("the template names $" + name + ", which is not a column of the row");
			}
			matcher.appendReplacement(formatted, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(formatted);
		return formatted.toString();
	}

	/** The placeholder's name, or {@code null} for {@code $$}. */
	private static @Nullable String name(Matcher matcher, String template) {
		if (matcher.group(1) != null) {
			return null;
		}
		if (matcher.group(4) != null) {
			throw new IllegalArgumentException("the template " + template + " has a $ at position " + matcher.start()
					+ " that starts no placeholder; write $$ for a dollar sign");
		}
		return (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
	}

}
