package io.pgai.spring.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.util.PSQLException;

/**
 * Questions to a database whose answers two catalogs can be compared by: results as text, the
 * state and message of a failure, and the shape of a relation.
 */
public final class CatalogQueries {

	private CatalogQueries() {
	}

	/**
	 * The first column of a query's rows, as text.
	 * @param database the database
	 * @param sql the query
	 * @return the values, in the query's order
	 */
	public static List<String> column(TestDatabase database, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection connection = database.open(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

	/**
	 * Every row of every result of the SQL, as text.
	 * @param database the database
	 * @param sql one or more statements
	 * @return one line per row, each column as {@code label=value}
	 * @throws SQLException if the SQL fails
	 */
	public static String answer(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			StringBuilder text = new StringBuilder();
			boolean isResult = statement.execute(sql);
			while (true) {
				if (isResult) {
					try (ResultSet rs = statement.getResultSet()) {
						ResultSetMetaData meta = rs.getMetaData();
						while (rs.next()) {
							List<String> row = new ArrayList<>();
							for (int i = 1; i <= meta.getColumnCount(); i++) {
								row.add(meta.getColumnLabel(i) + "=" + rs.getString(i));
							}
							text.append(row).append('\n');
						}
					}
				}
				else if (statement.getUpdateCount() == -1) {
					break;
				}
				isResult = statement.getMoreResults();
			}
			return text.toString();
		}
	}

	/**
	 * The SQLSTATE and message a call fails with.
	 * @param database the database
	 * @param sql the call
	 * @return {@code "<sqlstate> <message>"}, or {@code "no failure"}
	 * @throws SQLException if the connection fails
	 */
	public static String failure(TestDatabase database, String sql) throws SQLException {
		try {
			answer(database, sql);
			return "no failure";
		}
		catch (PSQLException ex) {
			String message = (ex.getServerErrorMessage() != null) ? ex.getServerErrorMessage().getMessage()
					: ex.getMessage();
			return ex.getSQLState() + " " + message;
		}
	}

	/**
	 * Columns, constraints, indexes, view definition and privileges of a relation.
	 * @param database the database
	 * @param relation the relation, as SQL names it
	 * @return each aspect as text
	 * @throws SQLException if a query fails
	 */
	public static Map<String, String> shape(TestDatabase database, String relation) throws SQLException {
		Map<String, String> shape = new LinkedHashMap<>();
		shape.put("kind", answer(database, "select relkind from pg_class where oid = '" + relation.replace("'", "''")
				+ "'::regclass"));
		String oid = "'" + relation.replace("'", "''") + "'::regclass";
		shape.put("columns", answer(database, "select attname, format_type(atttypid, atttypmod), attnotnull, attstorage, "
				+ "pg_get_expr(d.adbin, d.adrelid) as default_value, attidentity from pg_attribute a left join pg_attrdef d "
				+ "on d.adrelid = a.attrelid and d.adnum = a.attnum where attrelid = " + oid
				+ " and attnum > 0 and not attisdropped order by attnum"));
		shape.put("constraints", answer(database, "select conname, pg_get_constraintdef(oid) from pg_constraint "
				+ "where conrelid = " + oid + " order by 1"));
		shape.put("indexes", answer(database, "select indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
				+ "from pg_index where indrelid = " + oid + " order by 1"));
		shape.put("view", answer(database, "select pg_get_viewdef(" + oid + ") where (select relkind from pg_class "
				+ "where oid = " + oid + ") = 'v'"));
		shape.put("privileges", answer(database, "select relacl from pg_class where oid = " + oid));
		return shape;
	}

}
