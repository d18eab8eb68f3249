package io.pgai.spring.relationship;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.pgvector.PGvector;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * The store's {@code vector} column, bound and read through pgvector-java's {@link PGvector}.
 * In text form every vector is hundreds of decimal numbers that PostgreSQL formats and Java
 * parses again, which costs more than the search itself; so on each connection that reads a
 * store, the vector type is registered as pgvector-java documents, and PgJDBC moves vectors as
 * 4-byte floats once it has prepared a statement. Statements it has not prepared yet still
 * answer in text, which is read as well.
 * <p>
 * The default SQL type code stays {@link SqlTypes#VECTOR}, so hibernate-vector's distance
 * functions accept the attribute.
 */
public final class BinaryVectorJdbcType implements JdbcType {

	@Override
	public int getJdbcTypeCode() {
		return SqlTypes.OTHER;
	}

	@Override
	public int getDefaultSqlTypeCode() {
		return SqlTypes.VECTOR;
	}

	@Override
	public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
		return new BasicBinder<>(javaType, this) {

			@Override
			protected void doBind(PreparedStatement statement, X value, int index, WrapperOptions options)
					throws SQLException {
				statement.setObject(index, new PGvector(javaType.unwrap(value, float[].class, options)));
			}

			@Override
			protected void doBind(CallableStatement statement, X value, String name, WrapperOptions options)
					throws SQLException {
				statement.setObject(name, new PGvector(javaType.unwrap(value, float[].class, options)));
			}

		};
	}

	@Override
	public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
		return new BasicExtractor<>(javaType, this) {

			@Override
			protected @Nullable X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
				return javaType.wrap(read(rs, index), options);
			}

			@Override
			protected @Nullable X doExtract(CallableStatement statement, int index, WrapperOptions options)
					throws SQLException {
				return javaType.wrap(floats(statement.getObject(index)), options);
			}

			@Override
			protected @Nullable X doExtract(CallableStatement statement, String name, WrapperOptions options)
					throws SQLException {
				return javaType.wrap(floats(statement.getObject(name)), options);
			}

		};
	}

	/**
	 * Reads a vector column as this type does: through pgvector-java, registering the type on the
	 * connection the first time, so that PgJDBC moves it in binary once the statement is prepared.
	 * @param rs the result set, on a row
	 * @param index the column
	 * @return the vector, or {@code null}
	 * @throws SQLException if the column cannot be read
	 */
	public static float @Nullable [] read(ResultSet rs, int index) throws SQLException {
		Object value = rs.getObject(index);
		if (value != null && !(value instanceof PGvector)) {
			// This connection does not know the type yet: from now on it hands out PGvector.
			rs.getStatement().getConnection().unwrap(PGConnection.class).addDataType("vector", PGvector.class);
		}
		return floats(value);
	}

	private static float @Nullable [] floats(@Nullable Object value) throws SQLException {
		if (value == null) {
			return null;
		}
		if (value instanceof PGvector vector) {
			return vector.toArray();
		}
		// A PGobject of type vector, or its text: the first executions of a statement.
		return new PGvector(value.toString()).toArray();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other != null && other.getClass() == getClass();
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

	@Override
	public String toString() {
		return "BinaryVectorJdbcType";
	}

}
