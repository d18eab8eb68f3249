package io.pgai.spring.vectorizer.worker;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes a batch's chunks with {@code COPY ... (format binary)}. In text form every vector is
 * hundreds of decimal numbers that Java formats and PostgreSQL parses again; in binary form it
 * is pgvector's own wire format, copied as it is. Covers the key types whose binary form is
 * simple and fixed; other keys take the insert path.
 */
final class BinaryChunkCopy {

	private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0 };

	private static final Set<String> TEXT_TYPES = Set.of("text", "character varying", "varchar", "character", "bpchar");

	private BinaryChunkCopy() {
	}

	/**
	 * Whether every key column has a type this writer encodes.
	 * @param key the source's primary key
	 * @return {@code true} if the chunks can be copied in binary
	 */
	static boolean supports(List<VectorizerDefinition.KeyColumn> key) {
		return key.stream().allMatch((column) -> kind(column) != Kind.OTHER);
	}

	/** The catalog spells key types as {@code format_type} does: {@code bigint}, {@code character varying(20)}. */
	private static Kind kind(VectorizerDefinition.KeyColumn column) {
		String type = column.type().replaceFirst("\\(.*\\)$", "").strip();
		return switch (type) {
			case "smallint", "int2" -> Kind.INT2;
			case "integer", "int4" -> Kind.INT4;
			case "bigint", "int8" -> Kind.INT8;
			case "uuid" -> Kind.UUID;
			default -> TEXT_TYPES.contains(type) ? Kind.TEXT : Kind.OTHER;
		};
	}

	static void write(Connection connection, String store, VectorizerDefinition vectorizer,
			List<BatchPlan.PlannedChunk> chunks) throws SQLException {
		List<VectorizerDefinition.KeyColumn> key = vectorizer.primaryKey();
		List<Kind> kinds = key.stream().map(BinaryChunkCopy::kind).toList();
		String sql = "copy " + store + " (" + SqlNames.columns(key, "")
				+ ", chunk_seq, chunk, embedding) from stdin (format binary)";
		PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql));
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(copy, 1 << 16))) {
			out.write(SIGNATURE);
			out.writeInt(0);
			out.writeInt(0);
			byte[] vectorBytes = null;
			for (int i = 0; i < chunks.size(); i++) {
				BatchPlan.PlannedChunk chunk = chunks.get(i);
				out.writeShort(kinds.size() + 3);
				for (int k = 0; k < kinds.size(); k++) {
					writeKey(out, kinds.get(k), chunk.key().values()[k]);
				}
				out.writeInt(4);
				out.writeInt(chunk.seq());
				writeBytes(out, chunk.text().getBytes(StandardCharsets.UTF_8));
				PGvector vector = new PGvector(java.util.Objects.requireNonNull(chunk.vector()));
				if (vectorBytes == null || vectorBytes.length != vector.lengthInBytes()) {
					vectorBytes = new byte[vector.lengthInBytes()];
				}
				vector.toBytes(vectorBytes, 0);
				writeBytes(out, vectorBytes);
			}
			out.writeShort(-1);
		}
		catch (IOException ex) {
			throw (ex.getCause() instanceof SQLException failure) ? failure
					: new SQLException("Could not stream the chunks to COPY", ex);
		}
	}

	private static void writeKey(DataOutputStream out, Kind kind, Object value) throws IOException {
		switch (kind) {
			case INT2 -> {
				out.writeInt(2);
				out.writeShort(((Number) value).shortValue());
			}
			case INT4 -> {
				out.writeInt(4);
				out.writeInt(((Number) value).intValue());
			}
			case INT8 -> {
				out.writeInt(8);
				out.writeLong(((Number) value).longValue());
			}
			case UUID -> {
				UUID uuid = (value instanceof UUID u) ? u : UUID.fromString(value.toString());
				out.writeInt(16);
				out.writeLong(uuid.getMostSignificantBits());
				out.writeLong(uuid.getLeastSignificantBits());
			}
			default -> writeBytes(out, value.toString().getBytes(StandardCharsets.UTF_8));
		}
	}

	private enum Kind {

		INT2, INT4, INT8, UUID, TEXT, OTHER

	}

	private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
		out.writeInt(bytes.length);
		out.write(bytes);
	}

}
