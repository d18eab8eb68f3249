package io.pgai.spring.vectorizer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.pgai.spring.test.PgaiCatalog;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.vectorizer.VectorizerConfigFunction.Parameter;
import io.pgai.spring.vectorizer.VectorizerConfigFunction.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link VectorizerConfigFunction}, from which {@link CreateVectorizer} and the Liquibase change
 * types render their calls, describes pgai 0.12.1's configuration functions as pgai's own catalog
 * declares them, and every call it renders, every parameter given, is one that catalog answers
 * with the configuration of the implementation it names.
 */
class VectorizerConfigFunctionIntegrationTests {

	/** Each configuration function's parameters, as the catalog declares them. */
	private static final String SIGNATURES = """
			select p.proname, a.name, format_type(a.type, null), a.position > p.pronargs - p.pronargdefaults
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace,
			     unnest(p.proargnames, p.proargtypes::oid[]) with ordinality a(name, type, position)
			where n.nspname = 'ai'
			  and p.proname ~ '^(loading|parsing|destination|chunking|formatting|embedding|indexing|scheduling|processing)_'
			order by p.proname, a.position""";

	private static final String WITHOUT_PARAMETERS = """
			select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname = 'ai' and p.pronargs = 0
			  and p.proname ~ '^(loading|parsing|destination|chunking|formatting|embedding|indexing|scheduling|processing)_'""";

	private static TestDatabase pgais;

	private static TestDatabase ours;

	@BeforeAll
	static void catalogs() {
		pgais = PgaiCatalog.install("pgai_config_functions_theirs");
		ours = TestDatabase.fresh("pgai_config_functions_ours");
		new AiSchemaInstaller(new org.springframework.jdbc.datasource.DriverManagerDataSource(ours.url(),
				ours.username(), ours.password()))
			.install();
	}

	@Test
	void everyFunctionAndParameterIsPgaisWithItsTypeAndWhetherItHasADefault() throws SQLException {
		Map<String, List<String>> expected = new TreeMap<>();
		for (VectorizerConfigFunction function : VectorizerConfigFunction.values()) {
			List<String> parameters = new ArrayList<>();
			for (Parameter parameter : function.parameters()) {
				parameters.add(parameter.name() + " " + sqlType(parameter.type())
						+ (parameter.required() ? "" : " default"));
			}
			expected.put(function.functionName().substring(3), parameters);
		}
		Map<String, List<String>> theirs = signatures(pgais);
		// pgai-spring's in-process model is its own
		assertThat(expected.remove("embedding_local")).isEqualTo(signatures(ours).get("embedding_local"));
		assertThat(theirs).isEqualTo(expected);
	}

	@Test
	void everyCallWithEveryParameterIsAnsweredWithItsImplementationsConfiguration() throws SQLException {
		for (VectorizerConfigFunction function : VectorizerConfigFunction.values()) {
			Map<String, Object> arguments = new LinkedHashMap<>();
			for (int i = 0; i < function.parameters().size(); i++) {
				arguments.put(function.parameters().get(i).name(), sample(function.parameters().get(i), i));
			}
			String call = function.call(arguments);
			TestDatabase catalog = (function == VectorizerConfigFunction.EMBEDDING_LOCAL) ? ours : pgais;
			Map<String, String> answer = answer(catalog, "select " + call + "->>'implementation', "
					+ call + "->>'config_type', " + call + "::text");
			assertThat(answer.get("implementation")).as(call).isEqualTo(function.implementation());
			assertThat(answer.get("config_type")).as(call).isEqualTo(function.argument());
			// each text (its parameter's name in it) and each number (one per position) is in the
			// configuration: no argument was dropped, and no text went to another parameter
			arguments.values()
				.stream()
				.filter((value) -> value instanceof Integer || (value instanceof String text && text.startsWith("it's")))
				.forEach((value) -> assertThat(answer.get("config")).as(call)
					.contains((value instanceof String) ? "\"" + value + "\"" : ": " + value + ","));
		}
	}

	@Test
	void callsWriteLeadingArgumentsInOrderWithoutTheirNamesAsPgaisDocumentationDoes() {
		assertThat(VectorizerConfigFunction.EMBEDDING_OPENAI
			.call(Map.of("dimensions", 768, "model", "text-embedding-3-small", "base_url", "http://x/v1")))
			.isEqualTo("ai.embedding_openai('text-embedding-3-small', 768, base_url => 'http://x/v1')");
		assertThat(VectorizerConfigFunction.CHUNKING_RECURSIVE_CHARACTER_TEXT_SPLITTER
			.call(Map.of("chunk_overlap", 10, "is_separator_regex", true)))
			.isEqualTo("ai.chunking_recursive_character_text_splitter(chunk_overlap => 10, is_separator_regex => true)");
		assertThat(VectorizerConfigFunction.SCHEDULING_TIMESCALEDB.call(Map.of("schedule_interval", "1 hour")))
			.isEqualTo("ai.scheduling_timescaledb(schedule_interval => '1 hour'::interval)");
	}

	@Test
	void callsRefuseUnknownMistypedAndMissingArguments() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VectorizerConfigFunction.EMBEDDING_OPENAI.call(Map.of("model", "m", "dimension", 3)))
			.withMessage("ai.embedding_openai has no parameter dimension; it has model, dimensions, chat_user, "
					+ "api_key_name, base_url");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VectorizerConfigFunction.EMBEDDING_OPENAI.call(Map.of("model", "m", "dimensions", "3")))
			.withMessage("ai.embedding_openai's dimensions takes Integer values, not String 3");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VectorizerConfigFunction.EMBEDDING_OPENAI.call(Map.of("model", "m")))
			.withMessage("ai.embedding_openai needs dimensions");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VectorizerConfigFunction.CHUNKING_NONE.call(Map.of("chunk_size", 3)))
			.withMessage("ai.chunking_none has no parameter chunk_size; it has none");
	}

	private static Object sample(Parameter parameter, int position) {
		return switch (parameter.type()) {
			case TEXT, NAME -> switch (parameter.name()) {
				// values the functions check
				case "opclass" -> "vector_ip_ops";
				case "input_type" -> "query";
				default -> "it's " + parameter.name();
			};
			case INTEGER -> 101 + position;
			case DOUBLE -> 1.5;
			case BOOLEAN -> true;
			case TEXT_ARRAY -> List.of("\n\n", "it's");
			case JSONB -> "{\"num_ctx\": 2048}";
			case INTERVAL -> "10 minutes";
			case TIMESTAMPTZ -> "2026-01-01T00:00:00Z";
		};
	}

	private static String sqlType(Type type) {
		return switch (type) {
			case TEXT -> "text";
			case NAME -> "name";
			case INTEGER -> "integer";
			case DOUBLE -> "double precision";
			case BOOLEAN -> "boolean";
			case TEXT_ARRAY -> "text[]";
			case JSONB -> "jsonb";
			case INTERVAL -> "interval";
			case TIMESTAMPTZ -> "timestamp with time zone";
		};
	}

	private static Map<String, List<String>> signatures(TestDatabase database) throws SQLException {
		Map<String, List<String>> signatures = new TreeMap<>();
		try (Connection connection = database.open(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(SIGNATURES)) {
			while (rs.next()) {
				signatures.computeIfAbsent(rs.getString(1), (name) -> new ArrayList<>())
					.add(rs.getString(2) + " " + rs.getString(3) + (rs.getBoolean(4) ? " default" : ""));
			}
		}
		// functions without parameters have no rows above
		try (Connection connection = database.open(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(WITHOUT_PARAMETERS)) {
			while (rs.next()) {
				signatures.put(rs.getString(1), List.of());
			}
		}
		return signatures;
	}

	private static Map<String, String> answer(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return Map.of("implementation", rs.getString(1), "config_type", rs.getString(2), "config", rs.getString(3));
		}
	}

}
