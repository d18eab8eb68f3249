package io.pgai.spring.vectorizer.worker;

import java.time.Duration;

/**
 * The pause of one vectorizer after failures that are not any one row's: shared by its poll
 * loops, so that a failure pauses them all and is recorded once, by the loop that met it first.
 * Each failure after a pause doubles the next pause, up to the longest; a success resets it.
 */
final class VectorizerBackoff {

	private final Duration initial;

	private final Duration max;

	private Duration next;

	private long pausedUntilNanos;

	private boolean paused;

	VectorizerBackoff(Duration initial, Duration max) {
		this.initial = initial;
		this.max = max;
		this.next = initial;
	}

	/**
	 * Counts a failure.
	 * @return {@code true} if it starts a pause (the caller records it), {@code false} if the
	 * vectorizer is already paused for a failure another loop met meanwhile
	 */
	synchronized boolean failed() {
		long now = System.nanoTime();
		if (this.paused && now - this.pausedUntilNanos < 0) {
			return false;
		}
		this.paused = true;
		this.pausedUntilNanos = now + this.next.toNanos();
		Duration doubled = this.next.multipliedBy(2);
		this.next = (doubled.compareTo(this.max) > 0) ? this.max : doubled;
		return true;
	}

	synchronized void succeeded() {
		this.next = this.initial;
		this.paused = false;
	}

	/** How long the loops still wait before the next attempt. */
	synchronized Duration remaining() {
		if (!this.paused) {
			return Duration.ZERO;
		}
		long left = this.pausedUntilNanos - System.nanoTime();
		return (left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

}
