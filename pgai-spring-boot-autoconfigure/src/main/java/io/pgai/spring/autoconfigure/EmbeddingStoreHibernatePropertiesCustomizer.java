package io.pgai.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.pgai.spring.relationship.EmbeddingStoreIntegrator;
import io.pgai.spring.relationship.EmbeddingStoreSchemaFilter;
import io.pgai.spring.relationship.VectorizerRelationships;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.jpa.boot.spi.JpaSettings;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Hands the embedding stores' mapping to Hibernate: the generated {@code orm.xml} next to any the
 * application configured, and a schema filter (with the integrator that feeds it) next to any
 * configured before.
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
		List<String> mappingFiles = existingMappingFiles(properties.get(AvailableSettings.ORM_XML_FILES));
		mappingFiles.add(writeMapping().toUri().toString());
		properties.put(AvailableSettings.ORM_XML_FILES, mappingFiles);
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

	private Path writeMapping() {
		try {
			// Hibernate reads mapping files by name or URL only; the mapping depends on this context's settings.
			Path file = Files.createTempFile("pgai-embedding-stores-", ".orm.xml");
			file.toFile().deleteOnExit();
			Files.writeString(file, this.relationships.mappingXml(), StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the embedding stores' orm.xml to the temporary directory",
					ex);
		}
	}

	private static List<String> existingMappingFiles(@Nullable Object value) {
		List<String> files = new ArrayList<>();
		if (value instanceof Collection<?> collection) {
			collection.forEach((file) -> files.add(String.valueOf(file)));
		}
		else if (value instanceof String names) {
			files.addAll(StringUtils.commaDelimitedListToSet(names).stream().map(String::trim).toList());
		}
		return files;
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
