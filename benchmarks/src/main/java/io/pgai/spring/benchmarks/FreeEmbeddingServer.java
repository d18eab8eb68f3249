package io.pgai.spring.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible embeddings endpoint on loopback that answers at once with one fixed
 * vector per input: a provider that costs nothing, so the benchmark measures the pipeline.
 */
final class FreeEmbeddingServer implements AutoCloseable {

	private final HttpServer server;

	private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(4);

	private final JsonMapper json = JsonMapper.builder().build();

	private final float[] floats = Vectors.unit(new Random(7), BenchmarkOptions.DIMENSIONS);

	private final String vector = Vectors.literal(this.floats);

	/** The same vector in OpenAI's base64 form, little-endian floats, for clients that ask for it. */
	private final String base64 = base64(this.floats);

	FreeEmbeddingServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		this.server.setExecutor(this.executor);
		this.server.createContext("/v1/embeddings", (exchange) -> {
			Request request = read(exchange.getRequestBody());
			byte[] embedding = (request.base64() ? "\"" + this.base64 + "\"" : this.vector)
				.getBytes(StandardCharsets.US_ASCII);
			ByteArrayOutputStream body = new ByteArrayOutputStream(request.inputs() * (embedding.length + 60));
			body.writeBytes(ascii("{\"object\":\"list\",\"data\":["));
			for (int i = 0; i < request.inputs(); i++) {
				body.writeBytes(ascii(((i > 0) ? "," : "") + "{\"object\":\"embedding\",\"index\":" + i + ",\"embedding\":"));
				body.writeBytes(embedding);
				body.write('}');
			}
			body.writeBytes(ascii("]}"));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.size());
			try (OutputStream out = exchange.getResponseBody()) {
				body.writeTo(out);
			}
		});
		this.server.start();
	}

	/** Counts the inputs without materializing them: the server should cost next to nothing. */
	private Request read(InputStream body) throws IOException {
		int inputs = 0;
		boolean base64 = false;
		try (JsonParser parser = this.json.createParser(body)) {
			parser.nextToken();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (name.equals("input") && value == JsonToken.START_ARRAY) {
					while (parser.nextToken() != JsonToken.END_ARRAY) {
						inputs++;
					}
				}
				else if (name.equals("encoding_format")) {
					base64 = "base64".equals(parser.getString());
				}
				else {
					parser.skipChildren();
				}
			}
		}
		return new Request(inputs, base64);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String base64(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(vector);
		return Base64.getEncoder().encodeToString(bytes.array());
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	private record Request(int inputs, boolean base64) {
	}

	String vector() {
		return this.vector;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
