package io.pgai.spring.replica;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What the last check (or search) found of a replica.
 *
 * @param name the replica's name, its host, port and database
 * @param state whether searches read from it
 * @param lag how far its replayed data is behind the primary's, when it answers
 * @param reads the searches it has served
 * @param detail why it is not available, or {@code null}
 */
public record ReplicaStatus(String name, ReplicaState state, @Nullable Duration lag, long reads,
		@Nullable String detail) {
}
