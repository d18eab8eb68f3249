package io.pgai.spring.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible embeddings endpoint on loopback that answers at once with one fixed
 * vector per input: a provider that costs nothing, so the benchmark measures the pipeline.
 */
final class FreeEmbeddingServer implements AutoCloseable {

	private final HttpServer server;

	private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(4);

	private final JsonMapper json = JsonMapper.builder().build();

	private final String vector = Vectors.literal(Vectors.unit(new Random(7)));

	FreeEmbeddingServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		this.server.setExecutor(this.executor);
		this.server.createContext("/v1/embeddings", (exchange) -> {
			@SuppressWarnings("unchecked")
			Map<String, Object> request = this.json.readValue(exchange.getRequestBody(), Map.class);
			int inputs = ((List<?>) request.get("input")).size();
			StringBuilder body = new StringBuilder(inputs * 4000).append("{\"object\":\"list\",\"data\":[");
			for (int i = 0; i < inputs; i++) {
				body.append((i > 0) ? "," : "")
					.append("{\"object\":\"embedding\",\"index\":")
					.append(i)
					.append(",\"embedding\":")
					.append(this.vector)
					.append('}');
			}
			byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
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
