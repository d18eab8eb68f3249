package io.pgai.spring.relationship;

import java.util.List;

import io.pgai.spring.Distance;
import io.pgai.spring.Embedding;
import io.pgai.spring.Fetch;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VectorizerRelationshipScannerTests {

	@Test
	void annotationAttributesWinOverTheConfiguredDefaults() {
		EmbeddingStoreSettings settings = new EmbeddingStoreSettings("embeddings", "{table}_store", FetchType.LAZY,
				FetchType.LAZY, Distance.COSINE);
		EmbeddingStoreDefinition definition = new VectorizerRelationshipScanner(settings)
			.scan(List.of(Tuned.class))
			.get(0);
		assertThat(definition.distance()).isEqualTo(Distance.INNER_PRODUCT);
		assertThat(definition.fetch()).isEqualTo(FetchType.EAGER);
		assertThat(definition.parentFetch()).isEqualTo(FetchType.LAZY);
		assertThat(definition.schema()).isEqualTo("embeddings");
		assertThat(definition.table()).isEqualTo("tuned_store");
		assertThat(definition.storeEntityName()).isEqualTo("TunedBodyEmbeddings");
	}

	@Test
	void defaultsApplyWhereTheAnnotationSaysDefault() {
		EmbeddingStoreSettings settings = new EmbeddingStoreSettings(null, "{table}_embedding_store", FetchType.EAGER,
				FetchType.EAGER, Distance.EUCLIDEAN);
		EmbeddingStoreDefinition definition = new VectorizerRelationshipScanner(settings)
			.scan(List.of(Plain.class))
			.get(0);
		assertThat(definition.distance()).isEqualTo(Distance.EUCLIDEAN);
		assertThat(definition.fetch()).isEqualTo(FetchType.EAGER);
		assertThat(definition.parentFetch()).isEqualTo(FetchType.EAGER);
		assertThat(definition.schema()).isNull();
		assertThat(definition.table()).isEqualTo("Plain_embedding_store");
	}

	@Test
	void anUnsafeSchemaPropertyIsRejected() {
		EmbeddingStoreSettings settings = new EmbeddingStoreSettings("public\"; drop", "{table}_store", FetchType.LAZY,
				FetchType.LAZY, Distance.COSINE);
		assertThatExceptionOfType(InvalidVectorizerRelationshipException.class)
			.isThrownBy(() -> new VectorizerRelationshipScanner(settings))
			.satisfies((ex) -> {
				assertThat(ex.getRelationship()).isEqualTo("pgai.schema");
				assertThat(ex.getValue()).isEqualTo("public\"; drop");
			});
	}

	@Test
	void nonPositiveDimensionsAreRejected() {
		assertThatExceptionOfType(InvalidVectorizerRelationshipException.class)
			.isThrownBy(() -> new VectorizerRelationshipScanner(EmbeddingStoreSettings.defaults())
				.scan(List.of(NoDimensions.class)))
			.withMessageContaining("dimensions must be positive");
	}

	@Entity
	@Table(name = "tuned")
	static class Tuned {

		@Id
		Long id;

		@VectorizerRelationship(dimensions = 8, fetch = Fetch.EAGER, distance = Distance.INNER_PRODUCT)
		List<Embedding<Tuned>> bodyEmbeddings;

	}

	@Entity
	static class Plain {

		@Id
		Long id;

		@VectorizerRelationship(dimensions = 8)
		List<Embedding<Plain>> bodyEmbeddings;

	}

	@Entity
	static class NoDimensions {

		@Id
		Long id;

		@VectorizerRelationship(dimensions = 0)
		List<Embedding<NoDimensions>> bodyEmbeddings;

	}

}
