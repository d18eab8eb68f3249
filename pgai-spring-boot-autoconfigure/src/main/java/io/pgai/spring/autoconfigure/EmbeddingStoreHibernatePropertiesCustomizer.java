package io.pgai.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgai.spring.relationship.EmbeddingStoreIntegrator;
import io.pgai.spring.relationship.EmbeddingStoreMappingScanner;
import io.pgai.spring.relationship.EmbeddingStoreSchemaFilter;
import io.pgai.spring.relationship.ListedEntitiesMappingScanner;
import io.pgai.spring.relationship.VectorizerRelationships;
import org.hibernate.boot.archive.scan.spi.Scanner;
import org.hibernate.cfg.PersistenceSettings;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.jpa.boot.spi.JpaSettings;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.util.ClassUtils;

/**
 * Hands the embedding stores' mapping to Hibernate: the {@code orm.xml}, from memory, through a
 * scanner that keeps what the one configured before finds, and a schema filter (with the integrator
 * that feeds it) next to any configured before.
 */
class EmbeddingStoreHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer {

	private final VectorizerRelationships relationships;

	private final @Nullable ClassLoader classLoader;

	EmbeddingStoreHibernatePropertiesCustomizer(VectorizerRelationships relationships,
			@Nullable ClassLoader classLoader) {
		this.relationships = relationships;
		this.classLoader = classLoader;
	}

	@Override
	public void customize(Map<String, Object> properties) {
		if (this.relationships.isEmpty()) {
			return;
		}
		Scanner scanner = instance(properties.get(PersistenceSettings.SCANNER), Scanner.class);
		if (scanner instanceof ListedEntitiesMappingScanner) {
			// Set while the application was built ahead of time; this factory maps with the application's settings.
			scanner = null;
		}
		properties.put(PersistenceSettings.SCANNER, new EmbeddingStoreMappingScanner(this.relationships.mappingXml(), scanner));
		EmbeddingStoreSchemaFilter filter = new EmbeddingStoreSchemaFilter(
				instance(properties.get(SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER), SchemaFilterProvider.class));
		EmbeddingStoreIntegrator integrator = new EmbeddingStoreIntegrator(this.relationships, filter);
		IntegratorProvider configured = instance(properties.get(JpaSettings.INTEGRATOR_PROVIDER),
				IntegratorProvider.class);
		IntegratorProvider integrators = () -> {
			List<Integrator> all = new ArrayList<>((configured != null) ? configured.getIntegrators() : List.of());
			all.add(integrator);
			return all;
		};
		properties.put(SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER, filter);
		properties.put(JpaSettings.INTEGRATOR_PROVIDER, integrators);
	}

	private <T> @Nullable T instance(@Nullable Object value, Class<T> type) {
		if (value == null) {
			return null;
		}
		if (type.isInstance(value)) {
			return type.cast(value);
		}
		Class<?> implementation = (value instanceof Class<?> configured) ? configured
				: ClassUtils.resolveClassName(value.toString().trim(), this.classLoader);
		return type.cast(BeanUtils.instantiateClass(implementation));
	}

}
