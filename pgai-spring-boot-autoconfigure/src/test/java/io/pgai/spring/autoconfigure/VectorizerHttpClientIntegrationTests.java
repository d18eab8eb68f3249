package io.pgai.spring.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pgai.spring.test.FakeEmbeddingApi;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.vectorizer.embedding.EmbeddingProvider;
import io.pgai.spring.vectorizer.embedding.EmbeddingProviderException;
import io.pgai.spring.vectorizer.worker.EmbeddingProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The worker's providers call out through Boot's {@code RestClient.Builder} (its customizers
 * apply), with a request factory built by Boot's {@code ClientHttpRequestFactoryBuilder} and the
 * worker's timeouts, and that factory is released when the context closes.
 */
class VectorizerHttpClientIntegrationTests {

	private FakeEmbeddingApi api;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() throws IOException {
		this.api = new FakeEmbeddingApi(3);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
					RestClientAutoConfiguration.class, PgaiVectorizerAutoConfiguration.class))
			.withPropertyValues(TestDatabase.get().datasourceProperties())
			.withPropertyValues("pgai.vectorizer.install=false",
					"pgai.vectorizer.worker.enabled=false", "OPENAI_API_KEY=sk-test");
	}

	@AfterEach
	void stop() {
		this.api.close();
	}

	@Test
	void providersCallThroughTheApplicationsRestClientBuilder() {
		this.runner.withBean(RestClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Tenant", "blue"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<float[]> vectors = openAi(context).embed(List.of("a lighthouse"));
				assertThat(vectors).singleElement()
					.satisfies((vector) -> assertThat(vector).containsExactly(this.api.vectorOf("a lighthouse")));
				assertThat(this.api.requests()).singleElement().satisfies((request) -> {
					assertThat(request.headers()).containsEntry("x-tenant", "blue");
					assertThat(request.authorization()).isEqualTo("Bearer sk-test");
				});
			});
	}

	@Test
	void theWorkersReadTimeoutAppliesToProviderCallsOverSpringHttpClientsOwn() {
		// The answer comes after 3 s: only the worker's 300 ms, not Boot's 30 s, can time it out.
		this.api.fail(FakeEmbeddingApi.Fault.slow(3_000));
		this.runner
			.withPropertyValues("pgai.vectorizer.worker.read-timeout=300ms", "pgai.vectorizer.worker.max-retries=0",
					"spring.http.clients.read-timeout=30s")
			.run((context) -> assertThatExceptionOfType(EmbeddingProviderException.class)
				.isThrownBy(() -> openAi(context).embed(List.of("slow")))
				.havingRootCause()
				.withMessageContaining("timed out"));
	}

	@Test
	void apachesClientLeavesRetriesToTheWorker() {
		// Apache HttpClient 5 on its own answers a 429 by asking again; the worker's max-retries=0 must hold.
		this.api.fail(FakeEmbeddingApi.Fault.tooManyRequests(0), FakeEmbeddingApi.Fault.tooManyRequests(0));
		this.runner
			.withPropertyValues("spring.http.clients.imperative.factory=http-components",
					"pgai.vectorizer.worker.max-retries=0")
			.run((context) -> {
				assertThat(context.getBean(VectorizerHttpClient.class).requestFactory())
					.isInstanceOf(HttpComponentsClientHttpRequestFactory.class);
				assertThatExceptionOfType(EmbeddingProviderException.class)
					.isThrownBy(() -> openAi(context).embed(List.of("busy")));
				assertThat(this.api.requests()).hasSize(1);
			});
	}

	@Test
	void apachesPoolLetsMoreCallsToOneProviderRunAtOnceThanItsDefaultFive() throws Exception {
		FakeEmbeddingApi.Gate gate = this.api.hold();
		this.runner.withPropertyValues("spring.http.clients.imperative.factory=http-components").run((context) -> {
			EmbeddingProvider provider = openAi(context);
			ExecutorService callers = Executors.newFixedThreadPool(8);
			try {
				List<Future<List<float[]>>> calls = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					String text = "call " + i;
					calls.add(callers.submit(() -> provider.embed(List.of(text))));
				}
				// All eight are at the provider together; Apache's default pool would hold three back.
				gate.awaitHeld(8);
				gate.release();
				for (Future<List<float[]>> call : calls) {
					assertThat(call.get(30, TimeUnit.SECONDS)).hasSize(1);
				}
			}
			finally {
				gate.release();
				callers.shutdownNow();
			}
		});
	}

	@Test
	void theRequestFactoryIsReleasedWithTheContext() {
		AtomicBoolean released = new AtomicBoolean();
		this.runner
			.withBean(ClientHttpRequestFactoryBuilder.class,
					() -> ClientHttpRequestFactoryBuilder.of(() -> new ReleasableRequestFactory(released)))
			.run((context) -> {
				assertThat(context.getBean(VectorizerHttpClient.class).requestFactory())
					.isInstanceOf(ReleasableRequestFactory.class);
				assertThat(released).isFalse();
				((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
				assertThat(released).isTrue();
			});
	}

	private EmbeddingProvider openAi(ApplicationContext context) {
		return context.getBean(EmbeddingProviders.class)
			.forEmbedding(Map.of("implementation", "openai", "model", "text-embedding-3-small", "base_url",
					this.api.baseUrl() + "/v1", "dimensions", 3), 3);
	}

	/** A real request factory whose pool-releasing hook the context must call. */
	static final class ReleasableRequestFactory extends SimpleClientHttpRequestFactory implements DisposableBean {

		private final AtomicBoolean released;

		ReleasableRequestFactory(AtomicBoolean released) {
			this.released = released;
		}

		@Override
		public void destroy() {
			this.released.set(true);
		}

	}

}
