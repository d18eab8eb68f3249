package io.pgai.spring.vectorizer.worker;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PGobject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values as pgai's worker renders them into templates, arrays read from PostgreSQL: the expected
 * strings are what Python 3's {@code str()} prints for what psycopg reads (checked with Python 3.11).
 */
class PythonStrIntegrationTests {

	@Test
	void floatsInPythonsShortestForm() {
		assertThat(PythonStr.floatRepr(1.5)).isEqualTo("1.5");
		assertThat(PythonStr.floatRepr(3.0)).isEqualTo("3.0");
		assertThat(PythonStr.floatRepr(1e16)).isEqualTo("1e+16");
		assertThat(PythonStr.floatRepr(1e-5)).isEqualTo("1e-05");
		assertThat(PythonStr.floatRepr(0.0001)).isEqualTo("0.0001");
		assertThat(PythonStr.floatRepr(5e-5)).isEqualTo("5e-05");
		assertThat(PythonStr.floatRepr(123456789.123)).isEqualTo("123456789.123");
		assertThat(PythonStr.floatRepr(-2.5e-7)).isEqualTo("-2.5e-07");
		assertThat(PythonStr.floatRepr(1e22)).isEqualTo("1e+22");
		assertThat(PythonStr.floatRepr(12345678901234567.0)).isEqualTo("1.2345678901234568e+16");
		// a real (float4) comes to psycopg as PostgreSQL's shortest text for it
		assertThat(PythonStr.of(0.1f)).isEqualTo("0.1");
		assertThat(PythonStr.of(3.4028235e38f)).isEqualTo("3.4028235e+38");
	}

	@Test
	void noneBooleansDecimalsAndTimes() {
		assertThat(PythonStr.of(null)).isEqualTo("None");
		assertThat(PythonStr.of(true)).isEqualTo("True");
		assertThat(PythonStr.of(new BigDecimal("10.50"))).isEqualTo("10.50");
		assertThat(PythonStr.of(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC)))
			.isEqualTo("2026-01-02 03:04:05.123456+00:00");
		assertThat(PythonStr.of(Timestamp.valueOf(LocalDateTime.of(2026, 1, 2, 3, 4, 5))))
			.isEqualTo("2026-01-02 03:04:05");
	}

	@Test
	void valuesInsideAListAsPythonsReprShowsThem() throws Exception {
		try (java.sql.Connection connection = io.pgai.spring.test.TestDatabase.get().open();
				java.sql.Statement statement = connection.createStatement();
				java.sql.ResultSet rs = statement.executeQuery("select array[1.50, 2]::numeric[], "
						+ "array['2026-01-02']::date[], array['2026-01-02 03:04:05', '2026-01-02 03:04']::timestamp[], "
						+ "array['12345678-1234-5678-1234-567812345678']::uuid[], array['a', 'it''s', null], "
						+ "'\"x\"'::jsonb")) {
			rs.next();
			assertThat(PythonStr.of(rs.getArray(1))).isEqualTo("[Decimal('1.50'), Decimal('2')]");
			assertThat(PythonStr.of(rs.getArray(2))).isEqualTo("[datetime.date(2026, 1, 2)]");
			assertThat(PythonStr.of(rs.getArray(3)))
				.isEqualTo("[datetime.datetime(2026, 1, 2, 3, 4, 5), datetime.datetime(2026, 1, 2, 3, 4)]");
			assertThat(PythonStr.of(rs.getArray(4))).isEqualTo("[UUID('12345678-1234-5678-1234-567812345678')]");
			assertThat(PythonStr.of(rs.getArray(5))).isEqualTo("['a', \"it's\", None]");
			assertThat(PythonStr.of(rs.getObject(6))).isEqualTo("x");
		}
	}

	@Test
	void bytesAndJsonAsPythonShowsThem() throws Exception {
		assertThat(PythonStr.of(new byte[] { 'a', 'b', 0, '\'', 'x', (byte) 0xff })).isEqualTo("b\"ab\\x00'x\\xff\"");
		PGobject json = new PGobject();
		json.setType("jsonb");
		json.setValue("{\"a\": 1, \"b\": [true, null, 1.5], \"c\": \"x\", \"d\": {\"e\": \"it's\"}}");
		assertThat(PythonStr.of(json)).isEqualTo("{'a': 1, 'b': [True, None, 1.5], 'c': 'x', 'd': {'e': \"it's\"}}");
	}

}
