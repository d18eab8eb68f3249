package io.pgai.spring.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.pgai.spring.Distance;
import io.pgai.spring.EmbeddingStoreDescription;
import io.pgai.spring.QueryEmbedder;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import io.pgai.spring.vectorizer.worker.VectorizerCatalog;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How often and with what outcome the catalog is read to tell a query embedder which vectorizer
 * writes the searched store, counted in connections taken from the catalog's data source.
 */
class VectorizerResolvingQueryEmbedderIntegrationTests {

	private final AtomicInteger catalogReads = new AtomicInteger();

	private final List<EmbeddingStoreDescription> seen = new ArrayList<>();

	private VectorizerCatalog catalog;

	@BeforeEach
	void catalogWithoutVectorizers() {
		Sql.freshAiSchema();
		Sql.run("drop table if exists resolve_docs, resolve_docs_embedding_store cascade",
				"drop schema if exists resolve_other cascade");
		TestDatabase database = TestDatabase.get();
		this.catalog = new VectorizerCatalog(new DelegatingDataSource(
				new DriverManagerDataSource(database.url(), database.username(), database.password())) {
			@Override
			public Connection getConnection() throws SQLException {
				VectorizerResolvingQueryEmbedderIntegrationTests.this.catalogReads.incrementAndGet();
				return super.getConnection();
			}
		});
	}

	@Test
	void anOwnEmbedderIsToldOfNoVectorizerAndTheAbsenceIsRemembered() {
		QueryEmbedder embedder = new VectorizerResolvingQueryEmbedder(this.catalog, this::record, false);
		embedder.embed("one", store(null));
		int afterFirst = this.catalogReads.get();
		embedder.embed("two", store(null));
		assertThat(afterFirst).isPositive();
		assertThat(this.catalogReads).hasValue(afterFirst);
		assertThat(this.seen).extracting(EmbeddingStoreDescription::vectorizer).containsExactly(null, null);
	}

	@Test
	void theVectorizersOwnModelLooksAgainUntilAVectorizerWritesTheStore() {
		QueryEmbedder embedder = new VectorizerResolvingQueryEmbedder(this.catalog, this::record, true);
		embedder.embed("one", store(null));
		int afterFirst = this.catalogReads.get();
		embedder.embed("two", store(null));
		assertThat(this.catalogReads).hasValue(2 * afterFirst);

		createVectorizerOn("public");
		embedder.embed("three", store(null));
		assertThat(this.seen.get(2).vectorizer()).isNotNull();
		int afterFound = this.catalogReads.get();
		embedder.embed("four", store(null));
		assertThat(this.catalogReads).hasValue(afterFound);
	}

	@Test
	void aTableTwoVectorizersWriteIsAnErrorOnlyWhenTheirModelMustEmbed() {
		createVectorizerOn("public");
		Sql.run("create schema resolve_other");
		createVectorizerOn("resolve_other");

		new VectorizerResolvingQueryEmbedder(this.catalog, this::record, false).embed("own", store(null));
		assertThat(this.seen).hasSize(1);
		assertThat(this.seen.get(0).vectorizer()).isNull();

		assertThatIllegalStateException()
			.isThrownBy(() -> new VectorizerResolvingQueryEmbedder(this.catalog, this::record, true).embed("theirs",
					store(null)))
			.withMessageContaining("all write resolve_docs_embedding_store");
		// Naming the schema makes it one again.
		new VectorizerResolvingQueryEmbedder(this.catalog, this::record, true).embed("theirs", store("resolve_other"));
		assertThat(this.seen.get(1).vectorizer()).isNotNull();
		assertThat(this.seen.get(1).vectorizer().vectorizerName()).isEqualTo("resolve_other_resolve_docs_embedding_store");
	}

	private void createVectorizerOn(String schema) {
		Sql.run("create table if not exists " + schema + ".resolve_docs (id bigint primary key, body text)",
				"select ai.create_vectorizer('" + schema + ".resolve_docs'::regclass, "
						+ "loading => ai.loading_column('body'), "
						+ "embedding => ai.embedding_openai('text-embedding-3-small', 3), "
						+ "destination => ai.destination_table(target_schema => '" + schema + "'))");
	}

	private float[] record(String text, EmbeddingStoreDescription store) {
		this.seen.add(store);
		return new float[] { 1, 0, 0 };
	}

	private static EmbeddingStoreDescription store(@Nullable String schema) {
		return new EmbeddingStoreDescription(Object.class, "body", schema, "resolve_docs_embedding_store", 3,
				Distance.COSINE, null);
	}

}
