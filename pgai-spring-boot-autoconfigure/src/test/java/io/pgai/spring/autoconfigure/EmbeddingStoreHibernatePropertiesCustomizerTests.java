package io.pgai.spring.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgai.spring.relationship.EmbeddingStoreSchemaFilter;
import io.pgai.spring.relationship.EmbeddingStoreSettings;
import io.pgai.spring.relationship.VectorizerRelationshipScanner;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.relationship.blog.BlogPost;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.archive.scan.spi.ClassDescriptor;
import org.hibernate.boot.archive.scan.spi.MappingFileDescriptor;
import org.hibernate.boot.archive.scan.spi.PackageDescriptor;
import org.hibernate.boot.archive.scan.spi.ScanResult;
import org.hibernate.boot.archive.scan.spi.Scanner;
import org.hibernate.boot.archive.spi.InputStreamAccess;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingStoreHibernatePropertiesCustomizerTests {

	private final EmbeddingStoreHibernatePropertiesCustomizer customizer = new EmbeddingStoreHibernatePropertiesCustomizer(
			new VectorizerRelationships(new VectorizerRelationshipScanner(EmbeddingStoreSettings.defaults())
				.scan(List.of(BlogPost.class))),
			getClass().getClassLoader());

	@Test
	void theMappingReachesHibernateFromMemoryNextToWhatTheScannerConfiguredBeforeFinds() throws Exception {
		MappingFileDescriptor configuredFile = new MappingFileDescriptor() {

			@Override
			public String getName() {
				return "META-INF/orm.xml";
			}

			@Override
			public InputStreamAccess getStreamAccess() {
				throw new UnsupportedOperationException("only its identity matters here");
			}

		};
		Scanner configured = (environment, options, parameters) -> scanResult(Set.of(configuredFile));
		Map<String, Object> properties = new HashMap<>();
		properties.put("hibernate.archive.scanner", configured);
		this.customizer.customize(properties);
		assertThat(properties).doesNotContainKey("hibernate.orm_xml_files");
		Scanner scanner = (Scanner) properties.get("hibernate.archive.scanner");
		List<MappingFileDescriptor> found = List.copyOf(scanner.scan(null, null, null).getLocatedMappingFiles());
		assertThat(found).hasSize(2).first().isSameAs(configuredFile);
		try (InputStream mapping = found.get(1).getStreamAccess().accessInputStream()) {
			assertThat(new String(mapping.readAllBytes(), StandardCharsets.UTF_8))
				.contains("<entity class=\"io.pgai.spring.relationship.blog.BlogPost$ContentEmbeddingsStore\" name=\"BlogPostContentEmbeddings\"")
				.contains("<one-to-many name=\"contentEmbeddings\"");
		}
	}

	private static ScanResult scanResult(Set<MappingFileDescriptor> mappingFiles) {
		return new ScanResult() {

			@Override
			public Set<PackageDescriptor> getLocatedPackages() {
				return Set.of();
			}

			@Override
			public Set<ClassDescriptor> getLocatedClasses() {
				return Set.of();
			}

			@Override
			public Set<MappingFileDescriptor> getLocatedMappingFiles() {
				return mappingFiles;
			}

		};
	}

	@Test
	void integratorsConfiguredBeforeStillRun() {
		Integrator own = new Integrator() {
			@Override
			public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
					SessionFactoryImplementor sessionFactory) {
				// only its identity matters here
			}
		};
		Map<String, Object> properties = new HashMap<>();
		properties.put("hibernate.integrator_provider", (IntegratorProvider) () -> List.of(own));
		this.customizer.customize(properties);
		IntegratorProvider provider = (IntegratorProvider) properties.get("hibernate.integrator_provider");
		assertThat(provider.getIntegrators()).hasSize(2).first().isSameAs(own);
		assertThat(properties.get("hibernate.hbm2ddl.schema_filter_provider"))
			.isInstanceOf(EmbeddingStoreSchemaFilter.class);
	}

	@Test
	void nothingChangesWithoutRelationships() {
		Map<String, Object> properties = new HashMap<>();
		new EmbeddingStoreHibernatePropertiesCustomizer(new VectorizerRelationships(List.of()), null)
			.customize(properties);
		assertThat(properties).isEmpty();
	}

}
