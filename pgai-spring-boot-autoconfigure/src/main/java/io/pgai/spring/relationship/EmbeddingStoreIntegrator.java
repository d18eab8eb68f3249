package io.pgai.spring.relationship;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.FetchType;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Table;

/**
 * Adjusts the bound model before Hibernate builds its runtime model and runs schema tooling: hands
 * the stores' tables to the {@link EmbeddingStoreSchemaFilter}, and lets parents fetched eagerly
 * from their embeddings load in batches, which {@code orm.xml} cannot set on an annotated entity.
 */
public class EmbeddingStoreIntegrator implements Integrator {

	private final VectorizerRelationships relationships;

	private final EmbeddingStoreSchemaFilter schemaFilter;

	/**
	 * Creates an integrator.
	 * @param relationships the mapped relationships
	 * @param schemaFilter the filter to hand the stores' tables to
	 */
	public EmbeddingStoreIntegrator(VectorizerRelationships relationships, EmbeddingStoreSchemaFilter schemaFilter) {
		this.relationships = relationships;
		this.schemaFilter = schemaFilter;
	}

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
			SessionFactoryImplementor sessionFactory) {
		List<Table> tables = new ArrayList<>();
		for (EmbeddingStoreDefinition definition : this.relationships.definitions()) {
			PersistentClass store = metadata.getEntityBinding(definition.storeClassName());
			if (store != null) {
				tables.add(store.getTable());
			}
			PersistentClass parent = metadata.getEntityBinding(definition.parentType().getName());
			if (definition.parentFetch() == FetchType.EAGER && parent != null && parent.getBatchSize() <= 1) {
				parent.setBatchSize(EmbeddingStoreMappingWriter.EAGER_BATCH_SIZE);
			}
		}
		this.schemaFilter.exclude(tables);
	}

}
