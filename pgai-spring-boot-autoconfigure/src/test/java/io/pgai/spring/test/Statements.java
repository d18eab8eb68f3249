package io.pgai.spring.test;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * Counts the SQL statements Hibernate prepares, to prove the absence of N+1 queries.
 */
public final class Statements {

	private final Statistics statistics;

	private Statements(Statistics statistics) {
		this.statistics = statistics;
	}

	/**
	 * Starts counting; needs {@code hibernate.generate_statistics=true}.
	 * @param factory the entity manager factory
	 * @return a counter at zero
	 */
	public static Statements count(EntityManagerFactory factory) {
		Statistics statistics = factory.unwrap(SessionFactory.class).getStatistics();
		statistics.clear();
		return new Statements(statistics);
	}

	/**
	 * The statements prepared since counting started.
	 * @return the count
	 */
	public long prepared() {
		return this.statistics.getPrepareStatementCount();
	}

	/**
	 * The full (stateful) sessions opened since counting started.
	 * @return the count
	 */
	public long sessionsOpened() {
		return this.statistics.getSessionOpenCount();
	}

	/**
	 * The queries whose SQL Hibernate found translated in its query plan cache since counting
	 * started.
	 * @return the count
	 */
	public long cachedPlansUsed() {
		return this.statistics.getQueryPlanCacheHitCount();
	}

	/**
	 * The queries Hibernate translated to SQL since counting started, for want of a cached plan.
	 * @return the count
	 */
	public long plansTranslated() {
		return this.statistics.getQueryPlanCacheMissCount();
	}

}
