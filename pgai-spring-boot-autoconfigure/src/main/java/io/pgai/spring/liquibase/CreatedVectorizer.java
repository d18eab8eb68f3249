package io.pgai.spring.liquibase;

import io.pgai.spring.vectorizer.DropVectorizer;
import org.jspecify.annotations.Nullable;

/**
 * What pgai names the vectorizer a {@code createVectorizer} makes, and so what its rollback drops:
 * the change's {@code name}, else {@code create_vectorizer}'s default, the destination's schema
 * (the source's unless the destination sets one) and table
 * ({@code <targetTable>}, {@code <destination>_store} or {@code <source>_embedding_store}), or for
 * a column destination {@code <source schema>_<source>_<column>}.
 */
final class CreatedVectorizer {

	private CreatedVectorizer() {
	}

	/**
	 * The rollback's drop: strict (it fails rather than drop nothing), with the store and view.
	 */
	static DropVectorizer drop(@Nullable String schemaName, String tableName, @Nullable String name,
			@Nullable VectorizerConfigElement destination) {
		if (name != null) {
			return DropVectorizer.named(name).strict().dropAll();
		}
		String suffix;
		String schema = schemaName;
		if (destination != null && "column".equals(destination.getImplementation())) {
			suffix = tableName + "_" + destination.attribute("embeddingColumn");
		}
		else {
			Object targetTable = (destination != null) ? destination.attribute("targetTable") : null;
			Object view = (destination != null) ? destination.attribute("destination") : null;
			suffix = (targetTable != null) ? targetTable.toString()
					: ((view != null) ? view + "_store" : tableName + "_embedding_store");
			Object targetSchema = (destination != null) ? destination.attribute("targetSchema") : null;
			if (targetSchema != null) {
				schema = targetSchema.toString();
			}
		}
		DropVectorizer drop = (schema != null) ? DropVectorizer.named(schema + "_" + suffix).strict()
				: DropVectorizer.namedAfterSourceSchema(tableName, suffix);
		return drop.dropAll();
	}

}
