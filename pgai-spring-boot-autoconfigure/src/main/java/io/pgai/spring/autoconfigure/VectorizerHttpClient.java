package io.pgai.spring.autoconfigure;

import java.time.Duration;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.Lifecycle;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The HTTP client the vectorizer worker's embedding providers and document loader share: the
 * application's {@code RestClient.Builder} (so Boot's observations, customizers and message
 * converters apply), over one request factory built from the {@code spring.http.clients.*}
 * settings (SSL bundle, redirects) with the worker's own connect and read timeouts, and without
 * retries of the HTTP library's own. The factory's connection pool is closed with the application
 * context, not left to the garbage collector.
 */
public final class VectorizerHttpClient implements DisposableBean {

	/** Connections an HTTP library with a pool may open, to one host or in all. */
	private static final int MAX_CONNECTIONS = 256;

	private final ClientHttpRequestFactory requestFactory;

	private final RestClient.Builder builder;

	/**
	 * Creates the client.
	 * @param builder the application's builder, which this client configures a copy of
	 * @param requestFactories builds the request factory for the HTTP library on the class path
	 * @param settings the application's HTTP client settings
	 * @param connectTimeout how long a connection may take to open
	 * @param readTimeout how long a provider may take to answer
	 */
	public VectorizerHttpClient(RestClient.Builder builder, ClientHttpRequestFactoryBuilder<?> requestFactories,
			HttpClientSettings settings, Duration connectTimeout, Duration readTimeout) {
		this.requestFactory = withoutOwnRetries(requestFactories)
			.build(settings.withTimeouts(connectTimeout, readTimeout));
		this.builder = builder.clone().requestFactory(this.requestFactory);
	}

	/**
	 * Apache's client answers a 429 or 503 by retrying once itself, which would add a hidden attempt
	 * and wait to the worker's own retries ({@code max-retries}, backoff, {@code Retry-After}). Its
	 * pool's defaults (five connections a host) would also queue batches and query embeddings
	 * behind each other; the worker bounds its own concurrency, so the pool must not.
	 */
	private static ClientHttpRequestFactoryBuilder<?> withoutOwnRetries(ClientHttpRequestFactoryBuilder<?> builder) {
		if (builder instanceof HttpComponentsClientHttpRequestFactoryBuilder apache) {
			return Apache.forTheWorker(apache);
		}
		return builder;
	}

	/** Apache HttpClient's types, loaded only when it is the library in use (it is optional). */
	private static final class Apache {

		static ClientHttpRequestFactoryBuilder<?> forTheWorker(HttpComponentsClientHttpRequestFactoryBuilder builder) {
			return builder.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries)
				.withConnectionManagerCustomizer(Apache::unqueued);
		}

		private static void unqueued(PoolingHttpClientConnectionManagerBuilder pool) {
			pool.setMaxConnPerRoute(MAX_CONNECTIONS).setMaxConnTotal(MAX_CONNECTIONS);
		}

	}

	/**
	 * A builder for one provider or loader, which may set its own base URL and headers.
	 * @return a copy of the configured builder
	 */
	public RestClient.Builder builder() {
		return this.builder.clone();
	}

	/**
	 * The request factory every client built here sends through.
	 * @return the shared request factory
	 */
	public ClientHttpRequestFactory requestFactory() {
		return this.requestFactory;
	}

	@Override
	public void destroy() throws Exception {
		// Apache's factory owns a connection pool; the JDK's client on Java 17 cannot be closed and
		// stops when it is no longer referenced. Boot hands Jetty's factory a client it does not stop
		// (see docs/operations.md).
		if (this.requestFactory instanceof Lifecycle lifecycle) {
			// Reactor Netty's factory: a lifecycle a context would manage, were it a bean.
			lifecycle.stop();
		}
		if (this.requestFactory instanceof DisposableBean disposable) {
			disposable.destroy();
		}
		else if (this.requestFactory instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

}
