package io.pgai.spring.vectorizer.chunking;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Merges small pieces into chunks of at most {@code chunkSize} characters that share up to
 * {@code chunkOverlap} characters with their neighbour, as LangChain's {@code _merge_splits}: a
 * piece longer than the chunk size becomes a chunk of its own. Lengths count code points, as
 * Python's {@code len} does.
 */
final class ChunkMerger {

	private final int chunkSize;

	private final int chunkOverlap;

	ChunkMerger(int chunkSize, int chunkOverlap) {
		if (chunkSize <= 0) {
			throw new IllegalArgumentException("chunk_size must be positive but was " + chunkSize);
		}
		if (chunkOverlap < 0 || chunkOverlap > chunkSize) {
			throw new IllegalArgumentException(
					"chunk_overlap must be between 0 and chunk_size (" + chunkSize + ") but was " + chunkOverlap);
		}
		this.chunkSize = chunkSize;
		this.chunkOverlap = chunkOverlap;
	}

	int chunkSize() {
		return this.chunkSize;
	}

	List<String> merge(List<String> pieces, String separator) {
		int separatorLength = length(separator);
		List<String> chunks = new ArrayList<>();
		Deque<String> current = new ArrayDeque<>();
		int total = 0;
		for (String piece : pieces) {
			int pieceLength = length(piece);
			if (total + pieceLength + (current.isEmpty() ? 0 : separatorLength) > this.chunkSize) {
				if (!current.isEmpty()) {
					addJoined(chunks, current, separator);
					while (total > this.chunkOverlap || (total + pieceLength + (current.isEmpty() ? 0 : separatorLength)
							> this.chunkSize && total > 0)) {
						total -= length(current.peekFirst()) + ((current.size() > 1) ? separatorLength : 0);
						current.removeFirst();
					}
				}
			}
			current.addLast(piece);
			total += pieceLength + ((current.size() > 1) ? separatorLength : 0);
		}
		addJoined(chunks, current, separator);
		return chunks;
	}

	private static void addJoined(List<String> chunks, Deque<String> pieces, String separator) {
		String chunk = String.join(separator, pieces).strip();
		if (!chunk.isEmpty()) {
			chunks.add(chunk);
		}
	}

	static int length(String text) {
		return text.codePointCount(0, text.length());
	}

}
