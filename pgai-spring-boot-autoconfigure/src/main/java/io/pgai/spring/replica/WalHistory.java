package io.pgai.spring.replica;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The primary's WAL position, sampled at each check, from which a replica's lag is read as time:
 * a replica that has replayed up to a position is behind by the time since the primary first
 * wrote past it. Unlike {@code now() - pg_last_xact_replay_timestamp()} on the replica, this does
 * not grow while the primary is idle, does not depend on the two servers' clocks, and counts a
 * replica whose replay is paused, or whose stream is cut, as behind as soon as the primary writes.
 */
final class WalHistory {

	/** Samples older than this are dropped: a replica further behind is simply "at least" so far. */
	private static final long KEEP_NANOS = Duration.ofMinutes(10).toNanos();

	private final Deque<long[]> samples = new ArrayDeque<>();

	synchronized void record(long nanos, long position) {
		this.samples.addLast(new long[] { nanos, position });
		while (this.samples.size() > 1 && nanos - this.samples.peekFirst()[0] > KEEP_NANOS) {
			this.samples.removeFirst();
		}
	}

	/**
	 * How far behind a replica is, to within the time between two samples (the primary wrote past
	 * the replica's position somewhere between the last sample it had not passed and the next).
	 * @param replayed the position it has replayed up to
	 * @param now the current {@link System#nanoTime()}
	 * @return zero when it has replayed what the primary had at the last sample; empty when it has
	 * not replayed even the oldest sample, so that how far behind it is cannot be told
	 */
	synchronized Optional<Duration> lag(long replayed, long now) {
		long[] oldest = this.samples.peekFirst();
		if (oldest != null && replayed < oldest[1]) {
			return Optional.empty();
		}
		for (long[] sample : this.samples) {
			if (sample[1] > replayed) {
				return Optional.of(Duration.ofNanos(Math.max(0, now - sample[0])));
			}
		}
		return Optional.of(Duration.ZERO);
	}

	/** The time since the oldest sample: the least a replica behind all of them is behind. */
	synchronized Duration span(long now) {
		long[] oldest = this.samples.peekFirst();
		return (oldest != null) ? Duration.ofNanos(Math.max(0, now - oldest[0])) : Duration.ZERO;
	}

}
