package io.pgai.spring.relationship;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.boot.model.relational.Sequence;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.SchemaFilter;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;
import org.jspecify.annotations.Nullable;

/**
 * Keeps Hibernate's schema tooling ({@code ddl-auto} create, drop, update, validate, truncate) away
 * from the embedding stores, which belong to the vectorizer, as pgai's Alembic integration keeps
 * autogenerate away from them. The stores' tables are taken from the bound metadata, so the
 * naming strategy in use does not matter. Another configured filter still applies to all other
 * tables.
 */
public class EmbeddingStoreSchemaFilter implements SchemaFilterProvider, IntegratorProvider {

	private final Collection<String> storeClassNames;

	private final @Nullable SchemaFilterProvider delegate;

	private final @Nullable IntegratorProvider integrators;

	private final Set<Table> storeTables = Collections.newSetFromMap(new IdentityHashMap<>());

	/**
	 * Creates a filter for the given store entities.
	 * @param storeClassNames the class names of the generated store entities
	 * @param delegate the filter provider configured before, if any
	 * @param integrators the integrator provider configured before, if any
	 */
	public EmbeddingStoreSchemaFilter(Collection<String> storeClassNames, @Nullable SchemaFilterProvider delegate,
			@Nullable IntegratorProvider integrators) {
		this.storeClassNames = List.copyOf(storeClassNames);
		this.delegate = delegate;
		this.integrators = integrators;
	}

	@Override
	public List<Integrator> getIntegrators() {
		Integrator collector = new Integrator() {
			@Override
			public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
					SessionFactoryImplementor sessionFactory) {
				collectStoreTables(metadata);
			}
		};
		if (this.integrators == null) {
			return List.of(collector);
		}
		List<Integrator> all = new java.util.ArrayList<>(this.integrators.getIntegrators());
		all.add(collector);
		return all;
	}

	void collectStoreTables(Metadata metadata) {
		// Integrators run when the session factory is built, before any schema action.
		for (String className : this.storeClassNames) {
			PersistentClass binding = metadata.getEntityBinding(className);
			if (binding != null) {
				this.storeTables.add(binding.getTable());
			}
		}
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
