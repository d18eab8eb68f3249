package io.pgai.spring.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for background work to reach a state, failing with a description when it does not.
 */
public final class Waiter {

	private Waiter() {
	}

	/**
	 * Polls a condition until it holds.
	 * @param what what is awaited, for the failure message
	 * @param timeout how long to wait at most
	 * @param condition the condition
	 */
	public static void until(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted waiting for " + what, ex);
			}
		}
	}

}
