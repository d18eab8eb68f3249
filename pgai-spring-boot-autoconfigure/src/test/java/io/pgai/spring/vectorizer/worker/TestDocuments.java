package io.pgai.spring.vectorizer.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Real documents made for a test (a PDF by PDFBox, a Word document by POI) and a real HTTP server
 * on loopback that serves them, as a web server, or S3's GetObject, would to pgai's worker.
 */
final class TestDocuments {

	private TestDocuments() {
	}

	static byte[] pdf(String text) throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.beginText();
				content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
				content.newLineAtOffset(72, 700);
				content.showText(text);
				content.endText();
			}
			document.save(bytes);
			return bytes.toByteArray();
		}
	}

	static byte[] docx(String text) throws IOException {
		try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
			document.createParagraph().createRun().setText(text);
			document.write(bytes);
			return bytes.toByteArray();
		}
	}

	/**
	 * Serves the documents by name (by {@code bucket/key} for an S3 client that addresses
	 * path-style); anything else is a 404. The {@code Authorization} headers received are kept.
	 */
	static Server serve(Map<String, byte[]> documents) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		java.util.List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
		server.createContext("/", (exchange) -> {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization != null) {
				authorizations.add(authorization);
			}
			byte[] body = documents.get(exchange.getRequestURI().getPath().substring(1));
			exchange.sendResponseHeaders((body != null) ? 200 : 404, (body != null) ? body.length : -1);
			if (body != null) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
			exchange.close();
		});
		server.start();
		return new Server(server, authorizations);
	}

	record Server(HttpServer server, java.util.List<String> authorizations) implements AutoCloseable {

		String url(String name) {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + name;
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
