package io.pgai.spring.vectorizer.worker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Loads and parses the documents of {@code ai.loading_uri} vectorizers and of {@code bytea}
 * loading columns, as pgai's worker does: a URI read whole ({@code file:}, a local path,
 * {@code http(s):}), a document's text by its type (Apache Tika: PDF, Office, HTML, Markdown,
 * plain text, ...).
 * <p>
 * Parsing needs Apache Tika's parsers on the class path
 * ({@code org.apache.tika:tika-parsers-standard-package}); without them, vectorizers that need
 * them are left to pgai's worker.
 */
public class Documents {

	/** The largest document read by default. */
	public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

	private final RestClient http;

	private final boolean readFiles;

	private final long maxBytes;

	private final @Nullable TikaText tika;

	private final @Nullable String s3Endpoint;

	private volatile @Nullable S3Objects s3;

	/**
	 * Creates a loader that reads no local files and documents of up to {@value #DEFAULT_MAX_BYTES}
	 * bytes.
	 * @param http the HTTP client builder, with the worker's timeouts
	 */
	public Documents(RestClient.Builder http) {
		this(http, false, DEFAULT_MAX_BYTES, null);
	}

	/**
	 * Creates a loader.
	 * @param http the HTTP client builder, with the worker's timeouts
	 * @param readFiles whether {@code file:} URIs and local paths may be read: whoever may write the
	 * source table could otherwise name any file the application can read
	 * @param maxBytes the largest document read
	 * @param s3Endpoint an S3-compatible endpoint to read {@code s3:} URIs from (MinIO, for one),
	 * addressed path-style, or {@code null} for AWS's own
	 */
	public Documents(RestClient.Builder http, boolean readFiles, long maxBytes, @Nullable String s3Endpoint) {
		this.s3Endpoint = s3Endpoint;
		this.http = http.build();
		this.readFiles = readFiles;
		this.maxBytes = maxBytes;
		this.tika = parsersAvailable() ? new TikaText() : null;
	}

	/**
	 * Whether documents can be parsed here.
	 * @return {@code true} if Apache Tika's standard parsers are on the class path
	 */
	public boolean canParse() {
		return this.tika != null;
	}

	private static boolean parsersAvailable() {
		ClassLoader loader = Documents.class.getClassLoader();
		// The PDF parser stands for the standard package: tika-core alone parses nothing.
		return ClassUtils.isPresent("org.apache.tika.parser.AutoDetectParser", loader)
				&& ClassUtils.isPresent("org.apache.tika.parser.pdf.PDFParser", loader);
	}

	/**
	 * Reads the document a URI names.
	 * @param uri a {@code file:} or {@code http(s):} URI, or a local path
	 * @return its bytes
	 * @throws DocumentException if it cannot be read
	 */
	byte[] load(@Nullable String uri) {
		if (uri == null || uri.isBlank()) {
			throw new DocumentException("the row names no URI");
		}
		String scheme = scheme(uri);
		if ((scheme.equals("file") || scheme.isEmpty()) && !this.readFiles) {
			throw new DocumentException("reading files of the worker's machine (" + uri + ") is switched off; set "
					+ "pgai.vectorizer.worker.documents.read-files=true to allow it");
		}
		try {
			return switch (scheme) {
				case "file" -> readFile(Path.of(new URI(uri)));
				case "" -> readFile(Path.of(uri));
				case "http", "https" -> fetch(uri);
				case "s3" -> s3(uri);
				default -> throw new DocumentException("cannot read " + scheme + ": URIs (" + uri
						+ "); pgai-spring's worker reads s3:, http:, https: and file: URIs and local paths");
			};
		}
		catch (IOException | URISyntaxException | IllegalArgumentException ex) {
			throw new DocumentException("cannot read " + uri + ": " + ex, ex);
		}
	}

	/**
	 * The text of a document.
	 * @param content the document
	 * @param name its URI or file name, a hint for its type, or {@code null}
	 * @return its text
	 * @throws DocumentException if it cannot be parsed
	 */
	String text(byte[] content, @Nullable String name) {
		if (this.tika == null) {
			throw new DocumentException("documents cannot be parsed without Apache Tika's parsers: add "
					+ "org.apache.tika:tika-parsers-standard-package to the application");
		}
		return this.tika.text(content, name);
	}

	private byte[] readFile(Path file) throws IOException {
		long size = Files.size(file);
		if (size > this.maxBytes) {
			throw tooLarge(file.toString());
		}
		return Files.readAllBytes(file);
	}

	private byte[] fetch(String uri) {
		try {
			return this.http.get().uri(URI.create(uri)).exchange((request, response) -> {
				if (response.getStatusCode().isError()) {
					throw new DocumentException("cannot read " + uri + ": " + response.getStatusCode());
				}
				try (InputStream body = response.getBody()) {
					byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBytes + 1));
					if (bytes.length > this.maxBytes) {
						throw tooLarge(uri);
					}
					return bytes;
				}
			});
		}
		catch (RestClientException ex) {
			throw new DocumentException("cannot read " + uri + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Releases the S3 client, if one was made; the next {@code s3:} document makes another.
	 */
	synchronized void closeClients() {
		S3Objects objects = this.s3;
		this.s3 = null;
		if (objects != null) {
			objects.close();
		}
	}

	private byte[] s3(String uri) {
		if (!ClassUtils.isPresent("software.amazon.awssdk.services.s3.S3Client", Documents.class.getClassLoader())) {
			throw new DocumentException("reading " + uri + " needs the AWS SDK's S3 client: add "
					+ "software.amazon.awssdk:s3 to the application");
		}
		S3Objects objects = this.s3;
		if (objects == null) {
			synchronized (this) {
				objects = this.s3;
				if (objects == null) {
					objects = new S3Objects(this.s3Endpoint);
					this.s3 = objects;
				}
			}
		}
		byte[] bytes = objects.read(uri, this.maxBytes);
		if (bytes.length > this.maxBytes) {
			throw tooLarge(uri);
		}
		return bytes;
	}

	private DocumentException tooLarge(String document) {
		return new DocumentException(document + " is larger than " + this.maxBytes + " bytes; raise "
				+ "pgai.vectorizer.worker.documents.max-size to read it");
	}

	private static String scheme(String uri) {
		int colon = uri.indexOf(':');
		// "C:\..." is a path, not a URI of scheme "c"
		if (colon <= 1 || uri.startsWith("/")) {
			return "";
		}
		return uri.substring(0, colon).toLowerCase(Locale.ROOT);
	}

}
