package io.pgai.spring.vectorizer.worker;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.postgresql.util.PGobject;
import tools.jackson.databind.json.JsonMapper;

/**
 * A source column's value as pgai's worker puts it into a template: Python's {@code str()} of what
 * psycopg reads. {@code NULL} is {@code None}, booleans {@code True}/{@code False}, floats in
 * Python's shortest form ({@code 1e+16}, {@code 0.0001}), timestamps with a space and a
 * {@code +00:00} offset, arrays and JSON as Python lists and dicts, {@code bytea} as {@code b'...'}.
 * Inside a list, values are shown as Python's {@code repr()} shows them ({@code 'text'},
 * {@code Decimal('1.50')}, {@code datetime.date(2026, 1, 2)}). A timestamp with time zone is
 * shown in UTC (PgJDBC reads it so), which is what pgai's worker shows where the server's time
 * zone is UTC.
 */
final class PythonStr {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");

	private PythonStr() {
	}

	static String of(@Nullable Object value) {
		return str(value, false);
	}

	/** {@code str()}, or with {@code inContainer} the {@code repr()} a list or dict shows. */
	private static String str(@Nullable Object value, boolean inContainer) {
		if (value == null) {
			return "None";
		}
		if (value instanceof String text) {
			return inContainer ? repr(text) : text;
		}
		if (value instanceof Boolean bool) {
			return bool ? "True" : "False";
		}
		if (value instanceof Double number) {
			return floatRepr(number);
		}
		if (value instanceof Float number) {
			// psycopg reads real from PostgreSQL's text, its shortest digits: 0.1, not 0.10000000149011612
			return floatRepr(Double.parseDouble(Float.toString(number)));
		}
		if (value instanceof BigDecimal decimal) {
			return inContainer ? "Decimal('" + decimal.toPlainString() + "')" : decimal.toPlainString();
		}
		if (value instanceof java.util.UUID uuid) {
			return inContainer ? "UUID('" + uuid + "')" : uuid.toString();
		}
		if (value instanceof OffsetDateTime time) {
			return inContainer ? reprDateTime(time.toLocalDateTime()) : dateTime(time.toLocalDateTime()) + offset(time);
		}
		if (value instanceof Timestamp timestamp) {
			return inContainer ? reprDateTime(timestamp.toLocalDateTime()) : dateTime(timestamp.toLocalDateTime());
		}
		if (value instanceof java.sql.Date date) {
			return str(date.toLocalDate(), inContainer);
		}
		if (value instanceof LocalDate date) {
			return inContainer ? "datetime.date(" + date.getYear() + ", " + date.getMonthValue() + ", "
					+ date.getDayOfMonth() + ")" : date.toString();
		}
		if (value instanceof Time time) {
			return time(time.toLocalTime());
		}
		if (value instanceof byte[] bytes) {
			return bytesRepr(bytes);
		}
		if (value instanceof Array array) {
			return arrayRepr(array);
		}
		if (value instanceof PGobject object && object.getValue() != null
				&& ("json".equals(object.getType()) || "jsonb".equals(object.getType()))) {
			Object json = JSON.readValue(object.getValue(), Object.class);
			// a JSON string is a Python str, shown without quotes like any other
			return (json instanceof String text && !inContainer) ? text : reprItem(json);
		}
		return value.toString();
	}

	/**
	 * {@code repr(datetime)} inside a list. An aware one's {@code tzinfo} is left out: psycopg's
	 * names the session's time zone, which this worker does not share.
	 */
	private static String reprDateTime(LocalDateTime time) {
		StringBuilder out = new StringBuilder("datetime.datetime(").append(time.getYear())
			.append(", ")
			.append(time.getMonthValue())
			.append(", ")
			.append(time.getDayOfMonth())
			.append(", ")
			.append(time.getHour())
			.append(", ")
			.append(time.getMinute());
		int micros = time.getNano() / 1000;
		if (time.getSecond() != 0 || micros != 0) {
			out.append(", ").append(time.getSecond());
		}
		if (micros != 0) {
			out.append(", ").append(micros);
		}
		return out.append(')').toString();
	}

	private static String dateTime(LocalDateTime time) {
		return time.toLocalDate() + " " + time(time.toLocalTime());
	}

	private static String time(LocalTime time) {
		String seconds = time.format(SECONDS);
		int micros = time.getNano() / 1000;
		return (micros == 0) ? seconds : seconds + "." + String.format("%06d", micros);
	}

	private static String offset(OffsetDateTime time) {
		int total = time.getOffset().getTotalSeconds();
		String sign = (total < 0) ? "-" : "+";
		total = Math.abs(total);
		return sign + String.format("%02d:%02d", total / 3600, (total / 60) % 60)
				+ ((total % 60 != 0) ? String.format(":%02d", total % 60) : "");
	}

	/** Python's {@code repr(float)}: the shortest digits, scientific below 1e-4 and from 1e16. */
	static String floatRepr(double value) {
		if (Double.isNaN(value)) {
			return "nan";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "inf" : "-inf";
		}
		if (value == 0) {
			return (1 / value < 0) ? "-0.0" : "0.0";
		}
		BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
		int exponent = shortest.precision() - shortest.scale() - 1;
		if (exponent < -4 || exponent >= 16) {
			String digits = shortest.unscaledValue().abs().toString();
			String mantissa = (digits.length() == 1) ? digits : digits.charAt(0) + "." + digits.substring(1);
			return ((value < 0) ? "-" : "") + mantissa + "e" + ((exponent < 0) ? "-" : "+")
					+ String.format("%02d", Math.abs(exponent));
		}
		String plain = shortest.toPlainString();
		return plain.contains(".") ? plain : plain + ".0";
	}

	/** Python's {@code repr(str)}: single quotes unless the text has one and no double quote. */
	private static String repr(String text) {
		char quote = (text.indexOf('\'') >= 0 && text.indexOf('"') < 0) ? '"' : '\'';
		StringBuilder out = new StringBuilder().append(quote);
		text.codePoints().forEach((c) -> escape(c, quote, c < 0x20 || c == 0x7f, out));
		return out.append(quote).toString();
	}

	/** Python's {@code repr(bytes)}: {@code b'...'}, bytes outside printable ASCII as {@code \xNN}. */
	private static String bytesRepr(byte[] bytes) {
		boolean hasSingle = false;
		boolean hasDouble = false;
		for (byte b : bytes) {
			hasSingle |= b == '\'';
			hasDouble |= b == '"';
		}
		char quote = (hasSingle && !hasDouble) ? '"' : '\'';
		StringBuilder out = new StringBuilder("b").append(quote);
		for (byte b : bytes) {
			int c = b & 0xff;
			escape(c, quote, c < 0x20 || c >= 0x7f, out);
		}
		return out.append(quote).toString();
	}

	private static void escape(int c, char quote, boolean unprintable, StringBuilder out) {
		if (c == quote || c == '\\') {
			out.append('\\').appendCodePoint(c);
		}
		else if (c == '\n') {
			out.append("\\n");
		}
		else if (c == '\r') {
			out.append("\\r");
		}
		else if (c == '\t') {
			out.append("\\t");
		}
		else if (unprintable) {
			out.append(String.format("\\x%02x", c));
		}
		else {
			out.appendCodePoint(c);
		}
	}

	private static String arrayRepr(Array array) {
		try {
			return reprItem(asList(array.getArray()));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read an array value: " + ex.getMessage(), ex);
		}
	}

	/** A Java array, nested ones included, as the list psycopg reads a PostgreSQL array into. */
	private static List<?> asList(Object javaArray) {
		return IntStream.range(0, java.lang.reflect.Array.getLength(javaArray))
			.mapToObj((i) -> java.lang.reflect.Array.get(javaArray, i))
			.map((item) -> (item != null && item.getClass().isArray() && !(item instanceof byte[])) ? asList(item) : item)
			.toList();
	}

	/** {@code repr()} of an item of a list or dict: lists and dicts (from arrays and JSON) nested. */
	private static String reprItem(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			return map.entrySet()
				.stream()
				.map((entry) -> repr(String.valueOf(entry.getKey())) + ": " + reprItem(entry.getValue()))
				.collect(Collectors.joining(", ", "{", "}"));
		}
		if (value instanceof List<?> list) {
			return list.stream().map(PythonStr::reprItem).collect(Collectors.joining(", ", "[", "]"));
		}
		return str(value, true);
	}

}
