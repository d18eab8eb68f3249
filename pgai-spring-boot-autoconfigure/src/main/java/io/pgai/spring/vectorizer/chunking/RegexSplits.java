package io.pgai.spring.vectorizer.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits on a separator pattern as LangChain's {@code _split_text_with_regex}: optionally keeping
 * each separator at the start of the piece that follows it, dropping empty pieces, and splitting
 * into characters when the separator is empty.
 */
final class RegexSplits {

	/** Separators come from a handful of vectorizer configurations, and compiling is the dear part. */
	private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

	private static final int MAX_PATTERNS = 256;

	private RegexSplits() {
	}

	static Pattern pattern(String separatorPattern) {
		if (PATTERNS.size() > MAX_PATTERNS) {
			PATTERNS.clear();
		}
		return PATTERNS.computeIfAbsent(separatorPattern, Pattern::compile);
	}

	static List<String> split(String text, String separatorPattern, boolean keepSeparator) {
		List<String> pieces = new ArrayList<>();
		if (separatorPattern.isEmpty()) {
			text.codePoints().forEach((codePoint) -> pieces.add(new String(Character.toChars(codePoint))));
			return pieces;
		}
		Matcher matcher = pattern(separatorPattern).matcher(text);
		int start = 0;
		String pendingSeparator = "";
		while (matcher.find()) {
			if (matcher.end() == matcher.start()) {
				continue;
			}
			String piece = text.substring(start, matcher.start());
			pieces.add(keepSeparator ? pendingSeparator + piece : piece);
			pendingSeparator = matcher.group();
			start = matcher.end();
		}
		String last = text.substring(start);
		pieces.add(keepSeparator ? pendingSeparator + last : last);
		pieces.removeIf(String::isEmpty);
		return pieces;
	}

}
