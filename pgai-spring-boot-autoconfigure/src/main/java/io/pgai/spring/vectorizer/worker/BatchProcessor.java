package io.pgai.spring.vectorizer.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import io.pgai.spring.vectorizer.chunking.TextSplitter;
import io.pgai.spring.vectorizer.embedding.EmbeddingProvider;
import io.pgai.spring.vectorizer.embedding.EmbeddingProviderException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Processes one batch of a vectorizer's queue in three steps on one connection of the worker's
 * pool: claim ({@link BatchClaimer}, reads that leave a session-level advisory lock on each row),
 * embed (no transaction open), write ({@link StoreWriter}, one short transaction).
 * The locks are released when the batch ends, however it ends. A crash at any point loses
 * nothing: until the write commits, the rows' queue entries are still there.
 */
class BatchProcessor {

	private static final Log logger = LogFactory.getLog(BatchProcessor.class);

	private final DataSource dataSource;

	private final EmbeddingProviders providers;

	private final TextSplitters splitters;

	private final WorkerMetrics metrics;

	private final Documents documents;

	private final WorkerTracking tracking;

	BatchProcessor(DataSource dataSource, EmbeddingProviders providers, TextSplitters splitters,
			WorkerMetrics metrics, Documents documents, WorkerTracking tracking) {
		this.tracking = tracking;
		this.dataSource = dataSource;
		this.providers = providers;
		this.splitters = splitters;
		this.metrics = metrics;
		this.documents = documents;
	}

	/**
	 * Processes the next queued rows, or the given ones.
	 * @param vectorizer the vectorizer
	 * @param selection which queue entries to claim
	 * @param known vectors of texts a failed batch embedded moments ago, to use before the provider
	 * @return what was claimed and written
	 * @throws SQLException if the database fails
	 * @throws VectorizerConfigurationException if the vectorizer's configuration cannot work
	 * @throws EmbeddingProviderException if the provider is unavailable or misconfigured
	 * @throws BatchFailedException if the batch failed in a way one of its rows may have caused
	 */
	Result process(VectorizerDefinition vectorizer, BatchClaimer.Selection selection,
			Function<String, float @Nullable []> known) throws SQLException {
		long started = System.nanoTime();
		TextSplitter splitter = this.splitters.forVectorizer(vectorizer);
		try (Connection connection = this.dataSource.getConnection()) {
			// A pool the application declares may hand out connections in a transaction already.
			connection.setAutoCommit(true);
			Claim claim;
			try {
				claim = atStep(vectorizer, "claim", () -> BatchClaimer.claim(connection, vectorizer, selection));
			}
			catch (SQLException | RuntimeException ex) {
				// The statement may have failed after locking some rows.
				releaseLocks(connection);
				throw ex;
			}
			if (claim.isEmpty()) {
				// Every lock the claim took is on a row it returned: none to release.
				return Result.EMPTY;
			}
			try {
				BatchPlan plan = BatchPlan.of(vectorizer, claim, this.documents, splitter, known);
				Map<String, float[]> embedded = embed(vectorizer, claim, plan.textsToEmbed());
				BatchPlan complete = plan.withEmbedded(embedded);
				int written;
				try {
					written = atStep(vectorizer, "write", () -> StoreWriter.write(connection, vectorizer, claim, complete));
				}
				catch (SQLException ex) {
					if (DatabaseFailures.isRowData(ex)) {
						throw new BatchFailedException(claim.keys(), ex, embedded);
					}
					throw ex;
				}
				this.tracking.batchSucceeded(connection, vectorizer, claim.keys().size());
				Duration duration = Duration.ofNanos(System.nanoTime() - started);
				this.metrics.batchCompleted(vectorizer, claim.keys().size(), plan.textsToEmbed().size(), duration);
				this.metrics.chunksReused(vectorizer, plan.reused());
				return new Result(claim.keys().size(), written, plan.textsToEmbed().size(), plan.reused(), duration,
						plan.rowFailures());
			}
			finally {
				releaseLocks(connection);
			}
		}
	}

	private Map<String, float[]> embed(VectorizerDefinition vectorizer, Claim claim, List<String> texts) {
		Map<String, float[]> vectors = new HashMap<>();
		if (texts.isEmpty()) {
			return vectors;
		}
		EmbeddingProvider provider = this.providers.forVectorizer(vectorizer);
		int size = Math.max(1, provider.maxBatchSize());
		for (int from = 0; from < texts.size(); from += size) {
			List<String> part = texts.subList(from, Math.min(texts.size(), from + size));
			List<float[]> answered;
			try {
				answered = provider.embed(part);
			}
			catch (EmbeddingProviderException ex) {
				if (ex.getKind() == EmbeddingProviderException.Kind.REJECTED) {
					throw new BatchFailedException(claim.keys(), ex, vectors);
				}
				throw ex;
			}
			for (int i = 0; i < part.size(); i++) {
				vectors.put(part.get(i), answered.get(i));
			}
		}
		return vectors;
	}

	/** SQL errors that mean the vectorizer's tables are not as its configuration says. */
	private static <T> T atStep(VectorizerDefinition vectorizer, String step, SqlStep<T> work) throws SQLException {
		try {
			return work.run();
		}
		catch (SQLException ex) {
			if (DatabaseFailures.isConfiguration(ex)) {
				throw new VectorizerConfigurationException("Vectorizer " + vectorizer.name() + " cannot " + step
						+ " a batch: " + ex.getMessage(), ex);
			}
			throw ex;
		}
	}

	private static void releaseLocks(Connection connection) {
		try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock_all()")) {
			statement.execute();
		}
		catch (SQLException ex) {
			// The session is gone, and its locks with it; the pool drops a broken connection.
			logger.debug("Could not release the batch's row locks: " + ex.getMessage());
		}
	}

	@FunctionalInterface
	private interface SqlStep<T> {

		T run() throws SQLException;

	}

	/**
	 * What one batch did.
	 * @param rows the distinct source rows claimed
	 * @param chunks the chunks written
	 * @param embedded the texts sent to the provider
	 * @param reused the chunks that kept their stored vector
	 * @param duration how long the batch took
	 * @param rowFailures rows set aside because their text cannot be stored, with the reason
	 */
	record Result(int rows, int chunks, int embedded, int reused, Duration duration, Map<RowKey, String> rowFailures) {

		static final Result EMPTY = new Result(0, 0, 0, 0, Duration.ZERO, Map.of());

	}

	/**
	 * A batch failed after its rows were claimed in a way one of them may have caused (the
	 * provider refused an input, the database refused a value); nothing was written, so the rows
	 * are still queued.
	 */
	static class BatchFailedException extends RuntimeException {

		private final List<RowKey> keys;

		private final Map<String, float[]> embedded;

		BatchFailedException(List<RowKey> keys, Exception cause, Map<String, float[]> embedded) {
			super(cause.getMessage(), cause);
			this.keys = keys;
			this.embedded = Map.copyOf(embedded);
		}

		List<RowKey> keys() {
			return this.keys;
		}

		/** Texts the provider embedded before the batch failed, with their vectors. */
		Map<String, float[]> embedded() {
			return this.embedded;
		}

	}

}
