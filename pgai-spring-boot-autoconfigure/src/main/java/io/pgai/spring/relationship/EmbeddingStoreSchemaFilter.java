package io.pgai.spring.relationship;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.boot.model.relational.Sequence;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.SchemaFilter;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;
import org.jspecify.annotations.Nullable;

/**
 * Keeps Hibernate's schema tooling ({@code ddl-auto} create, drop, update, validate, truncate) away
 * from the embedding stores, which belong to the vectorizer, as pgai's Alembic integration keeps
 * autogenerate away from them. The tables are the bound ones ({@link EmbeddingStoreIntegrator}
 * hands them over), so the naming strategy in use does not matter. A filter configured before
 * still applies to every other table.
 */
public class EmbeddingStoreSchemaFilter implements SchemaFilterProvider {

	private final @Nullable SchemaFilterProvider delegate;

	private final Set<Table> storeTables = Collections.newSetFromMap(new IdentityHashMap<>());

	/**
	 * Creates a filter.
	 * @param delegate the filter provider configured before, if any
	 */
	public EmbeddingStoreSchemaFilter(@Nullable SchemaFilterProvider delegate) {
		this.delegate = delegate;
	}

	/**
	 * Excludes the given tables from all schema actions.
	 * @param tables the stores' bound tables
	 */
	void exclude(Collection<Table> tables) {
		this.storeTables.addAll(tables);
	}

	@Override
	public SchemaFilter getCreateFilter() {
		return filter((this.delegate != null) ? this.delegate.getCreateFilter() : SchemaFilter.ALL);
	}

	@Override
	public SchemaFilter getDropFilter() {
		return filter((this.delegate != null) ? this.delegate.getDropFilter() : SchemaFilter.ALL);
	}

	@Override
	public SchemaFilter getTruncatorFilter() {
		return filter((this.delegate != null) ? this.delegate.getTruncatorFilter() : SchemaFilter.ALL);
	}

	@Override
	public SchemaFilter getMigrateFilter() {
		return filter((this.delegate != null) ? this.delegate.getMigrateFilter() : SchemaFilter.ALL);
	}

	@Override
	public SchemaFilter getValidateFilter() {
		return filter((this.delegate != null) ? this.delegate.getValidateFilter() : SchemaFilter.ALL);
	}

	private SchemaFilter filter(SchemaFilter next) {
		return new SchemaFilter() {
			@Override
			public boolean includeNamespace(Namespace namespace) {
				return next.includeNamespace(namespace);
			}

			@Override
			public boolean includeTable(Table table) {
				return !EmbeddingStoreSchemaFilter.this.storeTables.contains(table) && next.includeTable(table);
			}

			@Override
			public boolean includeSequence(Sequence sequence) {
				return next.includeSequence(sequence);
			}
		};
	}

}
