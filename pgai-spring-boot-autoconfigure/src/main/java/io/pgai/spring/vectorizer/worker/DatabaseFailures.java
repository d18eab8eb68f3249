package io.pgai.spring.vectorizer.worker;

import java.sql.SQLException;

/**
 * Tells apart what a database error of the worker means, by its SQLSTATE class.
 */
final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/**
	 * Whether the data of the batch's rows was refused: a data exception (22, such as a vector with
	 * NaN or text the encoding cannot hold), an integrity constraint (23) or a size limit (54).
	 * Another batch without the row would succeed.
	 */
	static boolean isRowData(SQLException ex) {
		String state = ex.getSQLState();
		return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
	}

	/**
	 * Whether the vectorizer's tables are not as its configuration says, or the worker's role
	 * may not use them: syntax error or access rule violation (42), such as a dropped table or
	 * column or a missing privilege. Every batch would fail alike.
	 */
	static boolean isConfiguration(SQLException ex) {
		String state = ex.getSQLState();
		return state != null && state.startsWith("42");
	}

}
