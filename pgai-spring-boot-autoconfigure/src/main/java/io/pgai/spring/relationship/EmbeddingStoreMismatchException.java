package io.pgai.spring.relationship;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup when the database does not hold an embedding store the way a
 * {@link io.pgai.spring.VectorizerRelationship} maps it: the {@code vector} extension, the table, a
 * column or the vector's dimensions are missing or different.
 */
public class EmbeddingStoreMismatchException extends RuntimeException {

	private final List<Mismatch> mismatches;

	/**
	 * Creates a new exception.
	 * @param mismatches what differs, per store
	 */
	public EmbeddingStoreMismatchException(List<Mismatch> mismatches) {
		super(mismatches.stream().map(Mismatch::toString).collect(Collectors.joining("; ")));
		this.mismatches = List.copyOf(mismatches);
	}

	/**
	 * What differs, per store.
	 * @return at least one mismatch
	 */
	public List<Mismatch> getMismatches() {
		return this.mismatches;
	}

	/**
	 * The differences found for one store.
	 * @param relationship the field, {@code BlogPost.contentEmbeddings}
	 * @param storeEntityName the JPA name of the store entity
	 * @param table the store table as Hibernate addresses it
	 * @param problems what differs, one sentence each
	 * @param fix how to make the database and the mapping agree
	 */
	public record Mismatch(String relationship, String storeEntityName, String table, List<String> problems,
			String fix) {

		@Override
		public String toString() {
			return this.relationship + " (table " + this.table + "): " + String.join(", ", this.problems);
		}

	}

}
