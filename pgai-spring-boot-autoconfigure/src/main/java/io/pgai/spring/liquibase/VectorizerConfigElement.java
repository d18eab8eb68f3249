package io.pgai.spring.liquibase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pgai.spring.vectorizer.VectorizerConfigFunction;
import io.pgai.spring.vectorizer.VectorizerConfigFunction.Parameter;
import io.pgai.spring.vectorizer.VectorizerConfigFunction.Type;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.resource.ResourceAccessor;
import liquibase.serializer.AbstractLiquibaseSerializable;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One configuration argument of {@code createVectorizer}, such as
 * {@code <pgai:embedding implementation="openai" model="text-embedding-3-small" dimensions="768"/>}:
 * the implementation picks pgai's function ({@code ai.embedding_openai}) and the other attributes
 * are its parameters in camel case ({@code api_key_name} is {@code apiKeyName}). Values are kept
 * as written and checked by {@link #problems()}, so that {@code liquibase validate} reports every
 * mistake by its attribute instead of the parser stopping at the first.
 */
public class VectorizerConfigElement extends AbstractLiquibaseSerializable {

	private static final Pattern UPPER_CASE = Pattern.compile("([A-Z])");

	private static final Pattern UNDERSCORE_LETTER = Pattern.compile("_([a-z0-9])");

	/** A time of day followed by its zone: {@code 00:00:00Z}, {@code 00:00+02}, {@code 00:00:00.5 -05:30}. */
	private static final Pattern WITH_ZONE = Pattern
		.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)$");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Attributes of pgai-spring's own, added to a configuration rather than passed to its function. */
	private static final Map<String, Set<String>> ADDITIONS = Map.of("indexing", Set.of("quantization", "textSearch"));

	private String argument;

	private @Nullable String implementation;

	/** The attributes other than the implementation, by their camel-case names, as written. */
	private final Map<String, Object> attributes = new LinkedHashMap<>();

	/**
	 * An element whose argument is taken from the name it is loaded under, as Liquibase makes it.
	 */
	public VectorizerConfigElement() {
		this("");
	}

	/**
	 * An element for one argument.
	 * @param argument the {@code ai.create_vectorizer} argument, such as {@code embedding}
	 */
	public VectorizerConfigElement(String argument) {
		this.argument = argument;
	}

	/**
	 * The implementation, such as {@code openai}.
	 * @return the implementation, or {@code null} if none is set
	 */
	public @Nullable String getImplementation() {
		return this.implementation;
	}

	/**
	 * Sets the implementation.
	 * @param implementation such as {@code openai}
	 */
	public void setImplementation(@Nullable String implementation) {
		this.implementation = implementation;
	}

	/**
	 * Sets an attribute.
	 * @param name the camel-case name, such as {@code apiKeyName}
	 * @param value its value as written, or {@code null} to remove it
	 * @return this element
	 */
	public VectorizerConfigElement attribute(String name, @Nullable Object value) {
		if (value == null) {
			this.attributes.remove(name);
		}
		else {
			this.attributes.put(name, value);
		}
		return this;
	}

	/**
	 * An attribute as written.
	 * @param name the camel-case name
	 * @return its value, or {@code null} if it is not set
	 */
	public @Nullable Object attribute(String name) {
		return this.attributes.get(name);
	}

	@Override
	public String getSerializedObjectName() {
		return this.argument;
	}

	@Override
	public Set<String> getSerializableFields() {
		Set<String> fields = new LinkedHashSet<>();
		if (this.implementation != null) {
			fields.add("implementation");
		}
		fields.addAll(this.attributes.keySet());
		return fields;
	}

	@Override
	public @Nullable Object getSerializableFieldValue(String field) {
		return "implementation".equals(field) ? this.implementation : this.attributes.get(field);
	}

	@Override
	public SerializationType getSerializableFieldType(String field) {
		return SerializationType.NAMED_FIELD;
	}

	@Override
	public String getSerializedObjectNamespace() {
		return CreateVectorizerChange.NAMESPACE;
	}

	@Override
	public String getSerializableFieldNamespace(String field) {
		return CreateVectorizerChange.NAMESPACE;
	}

	@Override
	public void load(ParsedNode parsedNode, ResourceAccessor resourceAccessor) throws ParsedNodeException {
		this.argument = parsedNode.getName();
		for (ParsedNode child : parsedNode.getChildren()) {
			Object value = (child.getChildren().isEmpty()) ? child.getValue() : mapOf(child);
			if ("implementation".equals(child.getName())) {
				this.implementation = (value != null) ? value.toString() : null;
			}
			else {
				attribute(child.getName(), value);
			}
		}
	}

	/**
	 * The function the implementation names.
	 * @return the function, if the implementation is one of pgai's for this argument
	 */
	public Optional<VectorizerConfigFunction> function() {
		return (this.implementation != null) ? VectorizerConfigFunction.of(this.argument, this.implementation)
				: Optional.empty();
	}

	/**
	 * What is wrong with the element, each naming the attribute and the fix.
	 * @return the problems, empty if it renders
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (this.implementation == null) {
			problems.add(this.argument + ": the implementation is missing; set implementation to one of "
					+ implementations() + ".");
			return problems;
		}
		Optional<VectorizerConfigFunction> function = function();
		if (function.isEmpty()) {
			problems.add(this.argument + ".implementation: '" + this.implementation + "' is not one of pgai's; use one of "
					+ implementations() + ".");
			return problems;
		}
		Set<String> additions = ADDITIONS.getOrDefault(this.argument, Set.of());
		this.attributes.forEach((name, value) -> {
			// only the camel-case spelling: chunk_size beside chunkSize would be one value twice
			Optional<Parameter> parameter = camelCase(snakeCase(name)).equals(name)
					? function.get().parameter(snakeCase(name)) : Optional.empty();
			if (value.toString().contains("${")) {
				problems.add(this.argument + "." + name + ": '" + value + "' holds a changelog parameter Liquibase did "
						+ "not replace; define it (spring.liquibase.parameters.*, or -D on the command line).");
			}
			else if (parameter.isEmpty() && !additions.contains(name)) {
				problems.add(this.argument + "." + name + ": " + function.get().functionName() + " has no such parameter; "
						+ describeAttributes(function.get(), additions) + ".");
			}
			else if (parameter.isPresent()) {
				convert(parameter.get(), value).ifPresent(problems::add);
			}
		});
		for (Parameter parameter : function.get().parameters()) {
			if (parameter.required() && !this.attributes.containsKey(camelCase(parameter.name()))) {
				problems.add(this.argument + "." + camelCase(parameter.name()) + " is required by "
						+ function.get().functionName() + "; add it.");
			}
		}
		return problems;
	}

	/**
	 * The function's arguments, converted to their parameters' types; call only when
	 * {@link #problems()} is empty.
	 * @return the arguments by SQL parameter name
	 */
	public Map<String, Object> arguments() {
		VectorizerConfigFunction function = function().orElseThrow();
		Map<String, Object> arguments = new LinkedHashMap<>();
		this.attributes.forEach((name, value) -> function.parameter(snakeCase(name))
			.ifPresent((parameter) -> arguments.put(parameter.name(), typed(parameter.type(), value))));
		return arguments;
	}

	/**
	 * An integer attribute, or a parameter's pgai default when the attribute is absent.
	 * @param name the camel-case name
	 * @param otherwise the value when absent
	 * @return the value, if it is an integer
	 */
	Optional<Integer> integer(String name, int otherwise) {
		Object value = this.attributes.get(name);
		if (value == null) {
			return Optional.of(otherwise);
		}
		try {
			return Optional.of((Integer) typed(Type.INTEGER, value));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private Optional<String> convert(Parameter parameter, Object value) {
		try {
			typed(parameter.type(), value);
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			return Optional.of(this.argument + "." + camelCase(parameter.name()) + ": '" + value + "' is not "
					+ describe(parameter.type()) + ".");
		}
	}

	private static Object typed(Type type, Object value) {
		return switch (type) {
			case TEXT, NAME, INTERVAL -> text(value);
			// Liquibase's YAML reads an unquoted timestamp without its zone: only a quoted one with
			// its zone is the moment the changelog means
			case TIMESTAMPTZ -> (value instanceof String text && WITH_ZONE.matcher(text.trim()).find()) ? text
					: fail("a timestamp with its zone, in quotes");
			case INTEGER -> (value instanceof Integer number) ? number : Integer.valueOf(text(value).trim());
			case DOUBLE -> finite((value instanceof Number number) ? number.doubleValue() : Double.parseDouble(text(value).trim()));
			case BOOLEAN -> (value instanceof Boolean bool) ? bool : parseBoolean(text(value));
			case TEXT_ARRAY -> textArray(value);
			case JSONB -> json(value);
		};
	}

	private static double finite(double value) {
		if (!Double.isFinite(value)) {
			throw new IllegalArgumentException("not finite");
		}
		return value;
	}

	private static Object fail(String what) {
		throw new IllegalArgumentException(what);
	}

	private static String text(Object value) {
		if (value instanceof Map || value instanceof List) {
			throw new IllegalArgumentException("not a single value");
		}
		return value.toString();
	}

	private static Boolean parseBoolean(String value) {
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(value);
		};
	}

	/** A YAML list, or in an XML attribute a JSON array ({@code ["\n\n", "\n", " "]}). */
	private static List<String> textArray(Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map(VectorizerConfigElement::text).toList();
		}
		String text = text(value);
		if (text.trim().startsWith("[")) {
			try {
				List<?> list = JSON.readValue(text, List.class);
				return list.stream().map((element) -> {
					if (!(element instanceof String string)) {
						throw new IllegalArgumentException("not a string: " + element);
					}
					return string;
				}).toList();
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException(ex);
			}
		}
		// YAML gives a one-element list as its element
		return List.of(text);
	}

	/** A YAML mapping, or a JSON object written as text. */
	private static String json(Object value) {
		if (value instanceof Map) {
			return JSON.writeValueAsString(value);
		}
		Object parsed = JSON.readValue(text(value), Object.class);
		if (!(parsed instanceof Map)) {
			throw new IllegalArgumentException("not a JSON object");
		}
		return text(value);
	}

	private static Map<String, Object> mapOf(ParsedNode node) throws ParsedNodeException {
		Map<String, Object> map = new LinkedHashMap<>();
		for (ParsedNode child : node.getChildren()) {
			map.put(child.getName(), child.getChildren().isEmpty() ? child.getValue() : mapOf(child));
		}
		return map;
	}

	private String implementations() {
		return String.join(", ", VectorizerConfigFunction.implementations(this.argument));
	}

	private static String describeAttributes(VectorizerConfigFunction function, Set<String> additions) {
		List<String> names = new ArrayList<>(function.parameters().stream().map((p) -> camelCase(p.name())).toList());
		names.addAll(additions);
		return names.isEmpty() ? "it takes no attributes" : "it takes " + String.join(", ", names);
	}

	private static String describe(Type type) {
		return switch (type) {
			case INTEGER -> "an integer";
			case DOUBLE -> "a number";
			case BOOLEAN -> "true or false";
			case TEXT_ARRAY -> "a list of strings (in XML a JSON array such as [\"\\n\\n\", \" \"])";
			case JSONB -> "a JSON object";
			case TIMESTAMPTZ -> "a timestamp with its zone, in quotes (\"2026-01-01T00:00:00Z\"; YAML drops the zone of "
					+ "an unquoted one)";
			default -> "a single value";
		};
	}

	static String snakeCase(String camelCase) {
		return UPPER_CASE.matcher(camelCase).replaceAll("_$1").toLowerCase(Locale.ROOT);
	}

	static String camelCase(String snakeCase) {
		return UNDERSCORE_LETTER.matcher(snakeCase).replaceAll((m) -> m.group(1).toUpperCase(Locale.ROOT));
	}

	/**
	 * The element as its checksum sees it: argument, implementation and attributes sorted by name,
	 * each value as text (so that {@code 768} written in YAML and in XML are the same).
	 * @return such as {@code embedding:openai(dimensions=768, model=m)}
	 */
	String canonical() {
		return this.argument + ":" + this.implementation + new java.util.TreeMap<>(this.attributes).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining(", ", "(", ")"));
	}

	@Override
	public String toString() {
		return this.argument + getSerializableFields().stream()
			.map((field) -> field + "=" + getSerializableFieldValue(field))
			.collect(Collectors.joining(", ", "(", ")"));
	}

}
