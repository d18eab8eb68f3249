package io.pgai.spring.vectorizer.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The worker's meters: {@code pgai.vectorizer.rows.processed}, {@code pgai.vectorizer.chunks.embedded},
 * {@code pgai.vectorizer.chunks.reused}, {@code pgai.vectorizer.batch.duration}, {@code pgai.vectorizer.failures} and
 * {@code pgai.vectorizer.queue.pending}, each tagged with the vectorizer's name.
 */
public class MicrometerWorkerMetrics implements WorkerMetrics {

	private final MeterRegistry registry;

	private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();

	/**
	 * Creates the meters' owner.
	 * @param registry the registry
	 */
	public MicrometerWorkerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void batchCompleted(VectorizerDefinition vectorizer, int rows, int chunks, Duration duration) {
		Counter.builder("pgai.vectorizer.rows.processed")
			.tag("vectorizer", vectorizer.name())
			.register(this.registry)
			.increment(rows);
		Counter.builder("pgai.vectorizer.chunks.embedded")
			.tag("vectorizer", vectorizer.name())
			.register(this.registry)
			.increment(chunks);
		Timer.builder("pgai.vectorizer.batch.duration")
			.tag("vectorizer", vectorizer.name())
			.register(this.registry)
			.record(duration);
	}

	@Override
	public void chunksReused(VectorizerDefinition vectorizer, int chunks) {
		Counter.builder("pgai.vectorizer.chunks.reused")
			.description("Chunks that kept their stored vector because their text did not change")
			.tag("vectorizer", vectorizer.name())
			.register(this.registry)
			.increment(chunks);
	}

	@Override
	public void failed(VectorizerDefinition vectorizer, String kind) {
		Counter.builder("pgai.vectorizer.failures")
			.tag("vectorizer", vectorizer.name())
			.tag("kind", kind)
			.register(this.registry)
			.increment();
	}

	@Override
	public void queueObserved(VectorizerDefinition vectorizer, long pending) {
		this.pending.computeIfAbsent(vectorizer.name(), (name) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder("pgai.vectorizer.queue.pending", value, AtomicLong::get)
				.tag("vectorizer", name)
				.register(this.registry);
			return value;
		}).set(pending);
	}

}
