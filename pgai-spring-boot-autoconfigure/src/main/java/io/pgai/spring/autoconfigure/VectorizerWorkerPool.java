package io.pgai.spring.autoconfigure;

import java.util.function.IntConsumer;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;

/**
 * The connections of the vectorizer worker: the {@link VectorizerDataSource} the application
 * declares; else a Hikari pool of the worker's own, made from the application's pool settings and
 * {@code pgai.vectorizer.worker.datasource.*}, closed with the context after the worker stopped;
 * else, without Hikari, the application's {@code DataSource}. Not a {@code DataSource} bean itself,
 * so that the application's injection points, health checks and pool metrics see one pool as
 * before.
 */
public final class VectorizerWorkerPool implements DisposableBean {

	private final DataSource dataSource;

	private final IntConsumer sizer;

	private final boolean owned;

	private VectorizerWorkerPool(DataSource dataSource, IntConsumer sizer, boolean owned) {
		this.dataSource = dataSource;
		this.sizer = sizer;
		this.owned = owned;
	}

	static VectorizerWorkerPool of(DataSource dataSource) {
		return new VectorizerWorkerPool(dataSource, (connections) -> {
		}, false);
	}

	static VectorizerWorkerPool owned(DataSource dataSource, IntConsumer sizer) {
		return new VectorizerWorkerPool(dataSource, sizer, true);
	}

	/**
	 * The worker's {@code DataSource}.
	 * @return the data source
	 */
	public DataSource getDataSource() {
		return this.dataSource;
	}

	/**
	 * Whether the pool is the worker's own, made by this starter.
	 * @return {@code true} if it is
	 */
	public boolean isOwned() {
		return this.owned;
	}

	/** Told how many connections the worker can use at once, to grow a pool of its own. */
	IntConsumer sizer() {
		return this.sizer;
	}

	@Override
	public void destroy() throws Exception {
		if (this.owned && this.dataSource instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

}
