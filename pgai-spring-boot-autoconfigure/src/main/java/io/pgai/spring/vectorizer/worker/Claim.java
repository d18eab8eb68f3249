package io.pgai.spring.vectorizer.worker;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one batch claimed in its first step: the queue entries, the distinct keys they name (each
 * held by a session-level advisory lock until the batch ends), the source rows that still exist,
 * and the chunks the store holds for those rows.
 *
 * @param queueEntries the claimed queue rows, each as {@code ctid:xmin}, so that the batch deletes
 * exactly these and not entries queued after they were read
 * @param entryKeys the key of each claimed queue row, in the same order
 * @param keys the distinct keys claimed
 * @param sourceColumns the source table's columns, as the load returned them
 * @param rows the source rows that exist, by key
 * @param stored the store's chunks, by key, in {@code chunk_seq} order
 */
record Claim(List<String> queueEntries, List<RowKey> entryKeys, List<RowKey> keys, Set<String> sourceColumns,
		Map<RowKey, Map<String, Object>> rows, Map<RowKey, List<StoredChunk>> stored) {

	boolean isEmpty() {
		return this.keys.isEmpty();
	}

	/**
	 * A chunk the store holds.
	 * @param seq its {@code chunk_seq}
	 * @param text its {@code chunk}, the formatted text that was embedded
	 * @param vector its embedding
	 */
	record StoredChunk(int seq, String text, float[] vector) {
	}

}
