package io.pgai.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgai.spring.relationship.EmbeddingStoreSchemaFilter;
import io.pgai.spring.relationship.EmbeddingStoreSettings;
import io.pgai.spring.relationship.VectorizerRelationshipScanner;
import io.pgai.spring.relationship.VectorizerRelationships;
import io.pgai.spring.relationship.blog.BlogPost;
import org.hibernate.boot.Metadata;
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
	void mappingFilesConfiguredBeforeAreKept() throws Exception {
		Map<String, Object> properties = new HashMap<>();
		properties.put("hibernate.orm_xml_files", "META-INF/a.xml, META-INF/b.xml");
		this.customizer.customize(properties);
		assertThat(properties.get("hibernate.orm_xml_files")).asInstanceOf(
				org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
			.hasSize(3)
			.startsWith("META-INF/a.xml", "META-INF/b.xml")
			.last()
			.satisfies((generated) -> assertThat(Files.readString(Path.of(URI.create(generated))))
				.contains("<entity class=\"io.pgai.spring.relationship.blog.BlogPost$ContentEmbeddingsStore\" name=\"BlogPostContentEmbeddings\"")
				.contains("<one-to-many name=\"contentEmbeddings\""));
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
