package io.pgai.spring.repository;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.pgai.spring.Embedding;
import io.pgai.spring.NearestParent;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.SearchResults;
import org.springframework.data.domain.Score;
import org.springframework.data.domain.Vector;
import org.springframework.data.core.PropertyPath;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;

/**
 * A search derived from a method name of an application's repository interface, Spring Data
 * style: {@code findNearestBy}, {@code searchNearestBy} or {@code findNearestParentsBy}, or their
 * hybrid counterparts {@code findHybridBy}, {@code searchHybridBy} and {@code findHybridParentsBy},
 * then conditions on the store entity's properties ({@code ParentTitleContaining} for
 * {@code parent.title}). The parameters are the query ({@code float[]}, {@code String} or
 * {@link Vector}; a {@code String} for hybrid searches), then {@code k} ({@code int} or
 * {@link Limit}), then one value per condition.
 */
final class DerivedSearchMethod {

	private static final Set<Part.Type> SUPPORTED = EnumSet.of(Part.Type.SIMPLE_PROPERTY,
			Part.Type.NEGATING_SIMPLE_PROPERTY, Part.Type.CONTAINING, Part.Type.NOT_CONTAINING, Part.Type.STARTING_WITH,
			Part.Type.ENDING_WITH, Part.Type.LIKE, Part.Type.NOT_LIKE, Part.Type.GREATER_THAN,
			Part.Type.GREATER_THAN_EQUAL, Part.Type.LESS_THAN, Part.Type.LESS_THAN_EQUAL, Part.Type.BEFORE,
			Part.Type.AFTER, Part.Type.BETWEEN, Part.Type.IN, Part.Type.NOT_IN, Part.Type.IS_NULL, Part.Type.IS_NOT_NULL,
			Part.Type.TRUE, Part.Type.FALSE);

	private enum Kind {

		EMBEDDINGS("findNearestBy", false), SCORED("searchNearestBy", false), PARENTS("findNearestParentsBy", false),
		HYBRID_EMBEDDINGS("findHybridBy", true), HYBRID_SCORED("searchHybridBy", true),
		HYBRID_PARENTS("findHybridParentsBy", true);

		private final String prefix;

		/** Whether the search fuses a full-text ranking, which needs the query as text. */
		private final boolean hybrid;

		Kind(String prefix, boolean hybrid) {
			this.prefix = prefix;
			this.hybrid = hybrid;
		}

	}

	private final Kind kind;

	private final PartTree tree;

	private final Class<?> queryType;

	/** Where k is: 1, or 2 after a minimum Score. */
	private final int kIndex;

	private DerivedSearchMethod(Kind kind, PartTree tree, Class<?> queryType, int kIndex) {
		this.kIndex = kIndex;
		this.kind = kind;
		this.tree = tree;
		this.queryType = queryType;
	}

	/**
	 * Derives the search of a method, or says why it cannot.
	 * @param repositoryInterface the application's interface
	 * @param method the method
	 * @param storeClass the store entity the conditions apply to
	 * @return the derived search
	 * @throws InvalidEmbeddingRepositoryMethodException if the method cannot be derived
	 */
	static DerivedSearchMethod derive(Class<?> repositoryInterface, Method method, Class<?> storeClass) {
		Kind kind = kind(method.getName());
		if (kind == null) {
			throw invalid(repositoryInterface, method, "the name does not start with findNearestBy, searchNearestBy, "
					+ "findNearestParentsBy, findHybridBy, searchHybridBy or findHybridParentsBy",
					"Rename it, e.g. findNearestByParentTitleContaining, or give it a "
							+ "default implementation that calls the inherited methods.",
					null);
		}
		PartTree tree;
		try {
			tree = new PartTree("findBy" + method.getName().substring(kind.prefix.length()), storeClass);
		}
		catch (RuntimeException ex) {
			throw invalid(repositoryInterface, method, Objects.toString(ex.getMessage(), ex.toString()),
					"Conditions name properties of the embedding (chunk, chunkSeq) or of its parent through "
							+ "'Parent' (ParentTitle for parent.title).",
					ex);
		}
		Class<?>[] parameters = method.getParameterTypes();
		int arguments = 0;
		for (Part part : tree.getParts()) {
			if (!SUPPORTED.contains(part.getType())) {
				throw invalid(repositoryInterface, method, "the condition '" + part + "' (" + part.getType()
						+ ") is not supported", "Use one of " + SUPPORTED + ", or a Specification with "
								+ "findNearest(query, k, specification).",
						null);
			}
			arguments += part.getNumberOfArguments();
		}
		// An optional minimum Score between the query and k, as in Spring Data's own vector searches.
		boolean scored = parameters.length > 1 && parameters[1] == Score.class;
		int k = scored ? 2 : 1;
		if (parameters.length != k + 1 + arguments || !(parameters[0] == float[].class || parameters[0] == String.class
				|| Vector.class.isAssignableFrom(parameters[0]))
				|| !(parameters[k] == int.class || parameters[k] == Integer.class || parameters[k] == Limit.class)) {
			throw invalid(repositoryInterface, method,
					"expected the parameters (float[] | String | Vector query, [Score minimum,] int | Limit k"
							+ ", then " + arguments + " value(s) for the conditions) but found " + parameters.length
							+ " parameter(s)",
					"Declare the query first, then optionally a minimum Score, then k, then one value per condition "
							+ "in the order of the name.",
					null);
		}
		if (scored && kind == Kind.PARENTS) {
			throw invalid(repositoryInterface, method, "a minimum Score is not supported for nearest parents",
					"Use a searchNearestBy... or findNearestBy... method for a threshold.", null);
		}
		if (kind.hybrid && scored) {
			throw invalid(repositoryInterface, method, "a minimum Score is not supported for hybrid searches, "
					+ "whose fused scores rank results within one search only",
					"Drop the Score parameter, or use a searchNearestBy... method for a similarity threshold.", null);
		}
		if (kind.hybrid && parameters[0] != String.class) {
			throw invalid(repositoryInterface, method, "the query of a hybrid search is " + parameters[0].getSimpleName()
					+ " but its words are matched too, so it must be a String",
					"Declare the query as String; it is embedded once for the vector side.", null);
		}
		checkReturnType(repositoryInterface, method, kind);
		return new DerivedSearchMethod(kind, tree, parameters[0], k);
	}

	/**
	 * Whether the method is a hybrid search, whose store needs a text index.
	 * @return {@code true} for {@code findHybridBy}, {@code searchHybridBy} and {@code findHybridParentsBy}
	 */
	boolean hybrid() {
		return this.kind.hybrid;
	}

	/**
	 * Runs the search.
	 * @param repository the repository of the relationship
	 * @param args the method's arguments
	 * @return the result, of the method's return type
	 */
	Object invoke(SimpleEmbeddingRepository<?> repository, Object[] args) {
		if (this.kind.hybrid) {
			return invokeHybrid(repository, args);
		}
		float[] vector = (this.queryType == String.class) ? repository.embed((String) args[0])
				: (this.queryType == float[].class) ? (float[]) args[0] : ((Vector) args[0]).toFloatArray();
		int k = k(args[this.kIndex]);
		@Nullable Score minimum = (this.kIndex == 2) ? (Score) args[1] : null;
		StoreFilter filter = filter(args);
		return switch (this.kind) {
			case EMBEDDINGS -> repository.search(vector, k, filter, minimum).contentStream().toList();
			case SCORED -> repository.search(vector, k, filter, minimum);
			default -> repository.nearestParents(vector, k, filter);
		};
	}

	private Object invokeHybrid(SimpleEmbeddingRepository<?> repository, Object[] args) {
		String text = (String) args[0];
		int k = k(args[this.kIndex]);
		StoreFilter filter = filter(args);
		return switch (this.kind) {
			case HYBRID_EMBEDDINGS -> repository.hybrid(text, k, filter).contentStream().toList();
			case HYBRID_SCORED -> repository.hybrid(text, k, filter);
			default -> repository.hybridParents(text, k, filter);
		};
	}

	private static int k(Object argument) {
		return (argument instanceof Limit limit) ? (limit.isLimited() ? limit.max() : Integer.MAX_VALUE)
				: (Integer) argument;
	}

	private StoreFilter filter(Object[] args) {
		return (embedding, query, cb) -> {
			Iterator<Object> values = List.of(args).subList(this.kIndex + 1, args.length).iterator();
			List<Predicate> alternatives = new ArrayList<>();
			for (PartTree.OrPart or : this.tree) {
				List<Predicate> conditions = new ArrayList<>();
				for (Part part : or) {
					conditions.add(predicate(part, embedding, cb, values));
				}
				alternatives.add(cb.and(conditions.toArray(Predicate[]::new)));
			}
			return cb.or(alternatives.toArray(Predicate[]::new));
		};
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Predicate predicate(Part part, Root<?> embedding, CriteriaBuilder cb, Iterator<Object> values) {
		Path<?> path = path(embedding, part.getProperty());
		boolean ignoreCase = part.shouldIgnoreCase() != Part.IgnoreCaseType.NEVER
				&& String.class.equals(part.getProperty().getLeafType());
		Expression property = ignoreCase ? cb.lower((Expression<String>) path) : path;
		return switch (part.getType()) {
			case SIMPLE_PROPERTY -> cb.equal(property, value(values.next(), ignoreCase));
			case NEGATING_SIMPLE_PROPERTY -> cb.notEqual(property, value(values.next(), ignoreCase));
			case CONTAINING -> cb.like(property, "%" + escape(value(values.next(), ignoreCase)) + "%", '\\');
			case NOT_CONTAINING -> cb.notLike(property, "%" + escape(value(values.next(), ignoreCase)) + "%", '\\');
			case STARTING_WITH -> cb.like(property, escape(value(values.next(), ignoreCase)) + "%", '\\');
			case ENDING_WITH -> cb.like(property, "%" + escape(value(values.next(), ignoreCase)), '\\');
			case LIKE -> cb.like(property, (String) value(values.next(), ignoreCase));
			case NOT_LIKE -> cb.notLike(property, (String) value(values.next(), ignoreCase));
			case GREATER_THAN, AFTER -> cb.greaterThan(property, (Comparable) values.next());
			case GREATER_THAN_EQUAL -> cb.greaterThanOrEqualTo(property, (Comparable) values.next());
			case LESS_THAN, BEFORE -> cb.lessThan(property, (Comparable) values.next());
			case LESS_THAN_EQUAL -> cb.lessThanOrEqualTo(property, (Comparable) values.next());
			case BETWEEN -> cb.between(property, (Comparable) values.next(), (Comparable) values.next());
			case IN -> property.in((Collection<?>) values.next());
			case NOT_IN -> cb.not(property.in((Collection<?>) values.next()));
			case IS_NULL -> cb.isNull(property);
			case IS_NOT_NULL -> cb.isNotNull(property);
			case TRUE -> cb.isTrue(property);
			case FALSE -> cb.isFalse(property);
			default -> throw new IllegalStateException("Unsupported condition " + part);
		};
	}

	private static Path<?> path(Root<?> embedding, PropertyPath property) {
		Path<?> path = embedding;
		for (PropertyPath segment = property; segment != null; segment = segment.hasNext() ? segment.next() : null) {
			path = path.get(segment.getSegment());
		}
		return path;
	}

	private static Object value(Object value, boolean lowerCase) {
		return (lowerCase && value instanceof String text) ? text.toLowerCase(Locale.ROOT) : value;
	}

	private static String escape(Object value) {
		return String.valueOf(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static @Nullable Kind kind(String name) {
		// Longest prefix first: findNearestParentsBy also starts with findNearest.
		for (Kind kind : List.of(Kind.PARENTS, Kind.EMBEDDINGS, Kind.SCORED, Kind.HYBRID_PARENTS,
				Kind.HYBRID_EMBEDDINGS, Kind.HYBRID_SCORED)) {
			if (name.startsWith(kind.prefix) && name.length() > kind.prefix.length()) {
				return kind;
			}
		}
		return null;
	}

	private static void checkReturnType(Class<?> repositoryInterface, Method method, Kind kind) {
		Type type = method.getGenericReturnType();
		Class<?> raw = (type instanceof ParameterizedType p) ? (Class<?>) p.getRawType() : method.getReturnType();
		Class<?> element = (type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof ParameterizedType e)
				? (Class<?>) e.getRawType() : null;
		boolean valid = switch (kind) {
			case EMBEDDINGS, HYBRID_EMBEDDINGS -> raw == List.class && element == Embedding.class;
			case SCORED, HYBRID_SCORED -> raw == SearchResults.class && element == Embedding.class;
			case PARENTS, HYBRID_PARENTS -> raw == List.class && element == NearestParent.class;
		};
		if (!valid) {
			String expected = switch (kind) {
				case EMBEDDINGS, HYBRID_EMBEDDINGS -> "List<Embedding<P>>";
				case SCORED, HYBRID_SCORED -> "SearchResults<Embedding<P>>";
				case PARENTS, HYBRID_PARENTS -> "List<NearestParent<P>>";
			};
			throw invalid(repositoryInterface, method, "returns " + type.getTypeName() + " but " + kind.prefix
					+ " methods return " + expected, "Declare the return type as " + expected + ".", null);
		}
	}

	private static InvalidEmbeddingRepositoryMethodException invalid(Class<?> repositoryInterface, Method method,
			String problem, String fix, @Nullable Throwable cause) {
		return new InvalidEmbeddingRepositoryMethodException(repositoryInterface, method, problem, fix, cause);
	}

}
