package io.pgai.spring.vectorizer.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.jspecify.annotations.Nullable;
import org.xml.sax.SAXException;

/**
 * Apache Tika, kept apart so that nothing else needs it on the class path: the document's type
 * from its bytes (and its name, as pgai's worker falls back to the extension), then its text.
 * Plain text and Markdown are taken as UTF-8 as they are, as pgai's worker takes them.
 */
final class TikaText {

	private static final Set<String> AS_THEY_ARE = Set.of("text/plain", "text/markdown", "text/x-web-markdown");

	private final AutoDetectParser parser = new AutoDetectParser();

	/**
	 * The text of a document.
	 * @param content the document
	 * @param name its file name or URI, a hint for its type, or {@code null}
	 * @return its text
	 * @throws DocumentException if its type cannot be told or it cannot be parsed
	 */
	String text(byte[] content, @Nullable String name) {
		Metadata metadata = new Metadata();
		if (name != null) {
			metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
		}
		try (TikaInputStream stream = TikaInputStream.get(content)) {
			MediaType type = this.parser.getDetector().detect(stream, metadata);
			if (AS_THEY_ARE.contains(type.getBaseType().toString())) {
				return new String(content, StandardCharsets.UTF_8);
			}
			if (MediaType.OCTET_STREAM.equals(type.getBaseType())) {
				throw new DocumentException("the document's type could not be told from its content"
						+ ((name != null) ? " or its name " + name : ""));
			}
			BodyContentHandler handler = new BodyContentHandler(-1);
			this.parser.parse(stream, handler, metadata, new ParseContext());
			return handler.toString();
		}
		catch (IOException | SAXException | TikaException ex) {
			throw new DocumentException("the document could not be parsed: " + ex.getMessage(), ex);
		}
	}

}
