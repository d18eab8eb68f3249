package io.pgai.spring.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on loopback that speaks OpenAI's {@code /v1/embeddings} and Ollama's
 * {@code /api/embed}, standing in for the remote APIs these machines cannot reach. Vectors are
 * derived from the text, so the same text always gets the same vector; faults are queued per call.
 */
public final class FakeEmbeddingApi implements AutoCloseable {

	/** What the next call answers, instead of embeddings. */
	public record Fault(int status, Map<String, String> headers, String body, long delayMillis) {

		public static Fault status(int status) {
			return new Fault(status, Map.of(), "{\"error\":{\"message\":\"injected " + status + "\"}}", 0);
		}

		/**
		 * An OpenAI error answer.
		 * @param status the HTTP status
		 * @param message the error's message
		 * @param param the parameter it blames, or {@code null}
		 */
		public static Fault openAiError(int status, String message, @org.jspecify.annotations.Nullable String param) {
			return new Fault(status, Map.of(), "{\"error\":{\"message\":\"" + message
					+ "\",\"type\":\"invalid_request_error\",\"param\":"
					+ ((param != null) ? "\"" + param + "\"" : "null") + ",\"code\":null}}", 0);
		}

		public static Fault tooManyRequests(int retryAfterSeconds) {
			return new Fault(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
					"{\"error\":{\"message\":\"rate limited\"}}", 0);
		}

		public static Fault slow(long delayMillis) {
			return new Fault(200, Map.of(), "", delayMillis);
		}

		public static Fault malformed() {
			return new Fault(200, Map.of(), "{\"data\": [", 0);
		}

		/** Closes the connection without an answer. */
		public static Fault disconnect() {
			return new Fault(-1, Map.of(), "", 0);
		}

	}

	/**
	 * Holds requests until released, so that a test knows a batch is in flight and can look at the
	 * database meanwhile.
	 */
	public static final class Gate implements AutoCloseable {

		private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

		private final java.util.concurrent.Semaphore arrived = new java.util.concurrent.Semaphore(0);

		private final int from;

		Gate(int from) {
			this.from = from;
		}

		/**
		 * Waits until this many requests are held at the gate.
		 * @param requests how many
		 */
		public void awaitHeld(int requests) {
			try {
				if (!this.arrived.tryAcquire(requests, 60, java.util.concurrent.TimeUnit.SECONDS)) {
					throw new AssertionError("Timed out after 60 s waiting for " + requests
							+ " request(s) at the provider's gate; " + this.arrived.availablePermits() + " arrived");
				}
				this.arrived.release(requests);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted waiting for requests at the gate", ex);
			}
		}

		/** How many requests have reached the gate. */
		public int held() {
			return this.arrived.availablePermits();
		}

		/** Lets every held request, and every later one, through. */
		public void release() {
			this.released.countDown();
		}

		@Override
		public void close() {
			release();
		}

		void pass() {
			this.arrived.release();
			try {
				this.released.await(120, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** One request the server received, its headers (names in lower case), and when (System.nanoTime()). */
	public record Request(String path, String authorization, Map<String, Object> body, long receivedNanos,
			Map<String, String> headers) {

		@SuppressWarnings("unchecked")
		public List<String> inputs() {
			return (List<String>) this.body.get("input");
		}

	}

	private final HttpServer server;

	private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();

	private final int dimensions;

	private volatile boolean floatsOnly;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();

	private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

	private volatile Function<String, Integer> rejectWhen = (text) -> 0;

	private volatile int answerDimensions;

	private volatile @org.jspecify.annotations.Nullable Gate gate;

	private volatile @org.jspecify.annotations.Nullable Fault everyCall;

	private volatile String nanMarker = "\u0000never";

	public FakeEmbeddingApi(int dimensions) throws IOException {
		this.dimensions = dimensions;
		this.answerDimensions = dimensions;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/v1/embeddings", (exchange) -> handle(exchange, true));
		this.server.createContext("/api/embed", (exchange) -> handle(exchange, false));
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public FakeEmbeddingApi fail(Fault... faults) {
		this.faults.addAll(List.of(faults));
		return this;
	}

	/**
	 * Holds every request from now on until the returned gate is released.
	 * @return the gate
	 */
	public Gate hold() {
		return holdFrom(1);
	}

	/**
	 * Holds the request of the given number (counting every request so far, from 1) and all after
	 * it, until the returned gate is released.
	 * @param request the number of the first request to hold
	 * @return the gate
	 */
	public Gate holdFrom(int request) {
		Gate gate = new Gate(request);
		this.gate = gate;
		return gate;
	}

	/**
	 * Answers every request with this fault until {@link #stopRefusing()}.
	 * @param fault the answer
	 * @return this server
	 */
	public FakeEmbeddingApi refuseEveryRequest(Fault fault) {
		this.everyCall = fault;
		return this;
	}

	/** Answers requests again. */
	public FakeEmbeddingApi stopRefusing() {
		this.everyCall = null;
		return this;
	}

	/**
	 * Answers a vector of NaN for an input containing the marker, which pgvector refuses to store.
	 * @param marker the marker
	 * @return this server
	 */
	public FakeEmbeddingApi answerNanForInputsContaining(String marker) {
		this.nanMarker = marker;
		return this;
	}

	/** Every text the server was asked to embed, in the order received. */
	public List<String> texts() {
		return requests().stream().flatMap((request) -> request.inputs().stream()).toList();
	}

	/** Answers 400 for any request with an input containing the marker. */
	public FakeEmbeddingApi rejectInputsContaining(String marker) {
		this.rejectWhen = (text) -> text.contains(marker) ? 400 : 0;
		return this;
	}

	/** Answers vectors of another size than the vectorizer stores. */
	public FakeEmbeddingApi answerDimensions(int dimensions) {
		this.answerDimensions = dimensions;
		return this;
	}

	public List<Request> requests() {
		synchronized (this.requests) {
			return List.copyOf(this.requests);
		}
	}

	/**
	 * Answers lists of numbers even when base64 is asked for, as some OpenAI-compatible servers do.
	 * @return this server
	 */
	public FakeEmbeddingApi answerFloatsOnly() {
		this.floatsOnly = true;
		return this;
	}

	/** The vector this server gives a text. */
	public float[] vectorOf(String text) {
		return vector(text, this.dimensions);
	}

	private static Map<String, String> headers(HttpExchange exchange) {
		Map<String, String> headers = new java.util.TreeMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
		return headers;
	}

	@SuppressWarnings("unchecked")
	private void handle(HttpExchange exchange, boolean openAi) throws IOException {
		Map<String, Object> body = this.json.readValue(exchange.getRequestBody(), Map.class);
		this.requests.add(new Request(exchange.getRequestURI().getPath(),
				String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), body, System.nanoTime(),
				headers(exchange)));
		Gate held = this.gate;
		if (held != null && this.requests.size() >= held.from) {
			held.pass();
		}
		Fault fault = this.faults.poll();
		if (fault == null) {
			fault = this.everyCall;
		}
		if (fault != null) {
			if (fault.status() == -1) {
				exchange.close();
				return;
			}
			sleep(fault.delayMillis());
			if (fault.status() != 200 || !fault.body().isEmpty()) {
				fault.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
				respond(exchange, fault.status(), fault.body());
				return;
			}
		}
		List<String> inputs = (List<String>) body.get("input");
		for (String input : inputs) {
			int status = this.rejectWhen.apply(input);
			if (status != 0) {
				respond(exchange, status, "{\"error\":{\"message\":\"input rejected\"}}");
				return;
			}
		}
		List<float[]> vectors = inputs.stream()
			.map((text) -> text.contains(this.nanMarker) ? nan(this.answerDimensions) : vector(text, this.answerDimensions))
			.toList();
		String answer;
		if (openAi) {
			List<Map<String, Object>> data = new ArrayList<>();
			boolean base64 = "base64".equals(body.get("encoding_format")) && !this.floatsOnly;
			for (int i = 0; i < vectors.size(); i++) {
				data.add(Map.of("object", "embedding", "index", i, "embedding",
						base64 ? base64(vectors.get(i)) : vectors.get(i)));
			}
			// usage as OpenAI answers it, which OpenAI's own Java client requires
			answer = this.json.writeValueAsString(Map.of("object", "list", "data", data, "model", body.get("model"),
					"usage", Map.of("prompt_tokens", inputs.size(), "total_tokens", inputs.size())));
		}
		else {
			answer = this.json.writeValueAsString(Map.of("model", body.get("model"), "embeddings", vectors));
		}
		respond(exchange, 200, answer);
	}

	/** OpenAI's base64 form: the vector's floats, little-endian. */
	private static String base64(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(vector);
		return Base64.getEncoder().encodeToString(bytes.array());
	}

	private static float[] vector(String text, int dimensions) {
		float[] vector = new float[dimensions];
		int hash = text.hashCode();
		for (int i = 0; i < dimensions; i++) {
			hash = hash * 31 + i;
			vector[i] = ((hash >>> 8) % 1000) / 1000f + 0.001f;
		}
		return vector;
	}

	private static float[] nan(int dimensions) {
		float[] vector = new float[dimensions];
		java.util.Arrays.fill(vector, Float.NaN);
		return vector;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
