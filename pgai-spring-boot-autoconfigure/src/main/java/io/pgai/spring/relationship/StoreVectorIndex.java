package io.pgai.spring.relationship;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pgai.spring.Distance;
import org.jspecify.annotations.Nullable;

/**
 * A valid HNSW or IVFFlat index on a store's {@code embedding} column, as the catalog describes it:
 * on the column itself, on its {@code halfvec} cast, or on its binary quantization. pgai's store
 * layout is the same for all three; only the index, and the expression a search orders by so the
 * index serves it, differ.
 *
 * @param name the index
 * @param kind what the index is built on
 * @param operatorClass its operator class, such as {@code halfvec_cosine_ops}
 * @param dimensions the dimensions of a cast or quantization, {@code 0} for {@link Kind#VECTOR}
 * @param m the HNSW graph's links per node, pgvector's 16 unless the index was built with another
 */
public record StoreVectorIndex(String name, Kind kind, String operatorClass, int dimensions, int m) {

	/**
	 * The valid vector indexes of a table, one row each: name, operator class, the definition of
	 * the first column, the table's estimated rows and the index's options ({@code m=32,...});
	 * one row of {@code null} index columns when it has none, none when the table does not exist.
	 * Its one parameter is the table's name.
	 */
	public static final String SQL = "select c.relname::text, oc.opcname::text, pg_get_indexdef(i.indexrelid, 1, true), "
			+ "greatest(t.reltuples, 0)::bigint, array_to_string(c.reloptions, ',') from pg_class t left join (pg_index i "
			+ "join pg_class c on c.oid = i.indexrelid "
			+ "join pg_am am on am.oid = c.relam and am.amname in ('hnsw', 'ivfflat') "
			+ "join pg_opclass oc on oc.oid = i.indclass[0]) on i.indrelid = t.oid and i.indisvalid "
			+ "where t.oid = to_regclass(?)";

	// pg_get_indexdef qualifies pgvector's function only when its schema is off the search path.
	private static final Pattern HALFVEC = Pattern.compile("\\(*embedding::halfvec\\((\\d+)\\)\\)*");

	private static final Pattern M = Pattern.compile("(?:^|,)m=(\\d+)");

	/** pgvector's default links per node of an HNSW graph. */
	public static final int DEFAULT_M = 16;

	private static final Pattern BINARY = Pattern
		.compile("\\(*(?:[a-z_][a-z0-9_]*\\.)?binary_quantize\\(embedding\\)::bit\\((\\d+)\\)\\)*");

	/** What a store's vector index is built on. */
	public enum Kind {

		/** {@code embedding} itself: ordered by the exact distance. */
		VECTOR,

		/** {@code embedding::halfvec(n)}: ordered by the distance of the half-precision casts. */
		HALFVEC,

		/**
		 * {@code binary_quantize(embedding)::bit(n)}: candidates by Hamming distance, re-ranked by
		 * the exact distance.
		 */
		BINARY;

		/**
		 * The kind as a low-cardinality tag value.
		 * @return the name in lower case
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Reads one row of {@link #SQL} through JDBC, in the form {@link #of(List)} takes.
	 * @param rs the result set, on the row
	 * @return its columns
	 * @throws SQLException if a column cannot be read
	 */
	public static Object[] row(ResultSet rs) throws SQLException {
		return new Object[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5) };
	}

	/**
	 * Reads the rows of {@link #SQL}, leaving out indexes on other columns or expressions.
	 * @param rows the rows
	 * @return the store's vector indexes
	 */
	public static List<StoreVectorIndex> of(List<Object[]> rows) {
		return rows.stream().map(StoreVectorIndex::of).filter(Objects::nonNull).toList();
	}

	private static @Nullable StoreVectorIndex of(Object[] row) {
		if (row[0] == null) {
			return null;
		}
		String name = (String) row[0];
		String operatorClass = (String) row[1];
		String column = (String) row[2];
		int m = m((String) row[4]);
		if (column.equals("embedding") && operatorClass.startsWith("vector_")) {
			return new StoreVectorIndex(name, Kind.VECTOR, operatorClass, 0, m);
		}
		Matcher halfvec = HALFVEC.matcher(column);
		if (halfvec.matches() && operatorClass.startsWith("halfvec_")) {
			return new StoreVectorIndex(name, Kind.HALFVEC, operatorClass, Integer.parseInt(halfvec.group(1)), m);
		}
		Matcher binary = BINARY.matcher(column);
		if (binary.matches() && operatorClass.equals("bit_hamming_ops")) {
			return new StoreVectorIndex(name, Kind.BINARY, operatorClass, Integer.parseInt(binary.group(1)), m);
		}
		return null;
	}

	private static int m(@Nullable String options) {
		Matcher m = (options != null) ? M.matcher(options) : null;
		return (m != null && m.find()) ? Integer.parseInt(m.group(1)) : DEFAULT_M;
	}

	/**
	 * The index a search by a distance should use: one on the vector with the distance's operator
	 * class, else one on its {@code halfvec} cast with it, else a binary quantization, whose
	 * candidates any distance re-ranks.
	 * @param indexes the store's indexes
	 * @param distance the relationship's distance
	 * @return the index, or {@code null} when none serves the distance
	 */
	public static @Nullable StoreVectorIndex usable(List<StoreVectorIndex> indexes, Distance distance) {
		return indexes.stream()
			.filter((index) -> index.serves(distance))
			.min(Comparator.comparing(StoreVectorIndex::kind))
			.orElse(null);
	}

	/**
	 * Whether searches by a distance can use this index.
	 * @param distance the relationship's distance
	 * @return {@code true} if the index orders by it, or yields candidates for its re-rank
	 */
	public boolean serves(Distance distance) {
		return switch (this.kind) {
			case BINARY -> true;
			case VECTOR, HALFVEC -> this.operatorClass.endsWith("_" + operatorSuffix(distance));
		};
	}

	/**
	 * The operator class suffix of a distance: {@code cosine_ops}, {@code l2_ops} or {@code ip_ops}.
	 * @param distance the distance
	 * @return the suffix pgvector's operator classes end with
	 */
	public static String operatorSuffix(Distance distance) {
		return switch (distance) {
			case EUCLIDEAN -> "l2_ops";
			case INNER_PRODUCT -> "ip_ops";
			case COSINE, DEFAULT -> "cosine_ops";
		};
	}

}
