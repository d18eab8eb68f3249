package io.pgai.spring.autoconfigure;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.reliability.entity.Note;
import io.pgai.spring.relationship.EmbeddingStoreValidator;
import io.pgai.spring.test.Sql;
import io.pgai.spring.test.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's {@code @DataJpaTest} slice maps {@code @VectorizerRelationship} fields, checks the stores
 * and gives their repositories, as the application does: the starter's JPA auto-configuration is
 * one the slice imports.
 */
@DataJpaTest(properties = "spring.flyway.enabled=false")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class DataJpaTestSliceIntegrationTests {

	@Autowired
	private EmbeddingRepository<Note> notes;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabase.get();
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

	@BeforeAll
	static void createTables() {
		Sql.run("drop table if exists rel_notes, rel_notes_embedding_store cascade",
				"create table rel_notes (id bigint primary key, body text)",
				"create table rel_notes_embedding_store (embedding_uuid uuid primary key default gen_random_uuid(), "
						+ "id bigint not null, chunk_seq int not null, chunk text not null, embedding vector(3) not null, "
						+ "unique (id, chunk_seq))");
	}

	@Test
	void theSliceMapsTheStoreChecksItAndSearchesIt() {
		assertThat(this.context.getBeansOfType(EmbeddingStoreValidator.class)).hasSize(1);
		this.jdbc.update("insert into rel_notes values (1, 'A note'), (2, 'Another')");
		this.jdbc.update("insert into rel_notes_embedding_store (id, chunk_seq, chunk, embedding) values "
				+ "(1, 0, 'A note', '[1,0,0]'), (2, 0, 'Another', '[0,1,0]')");
		List<Embedding<Note>> nearest = this.notes.findNearest(new float[] { 1, 0, 0 }, 1);
		assertThat(nearest).singleElement().satisfies((embedding) -> {
			assertThat(embedding.getChunk()).isEqualTo("A note");
			assertThat(embedding.getParent().getId()).isEqualTo(1L);
		});
	}

	@SpringBootConfiguration
	@AutoConfigurationPackage(basePackageClasses = Note.class)
	@EntityScan(basePackageClasses = Note.class)
	static class NotesApplication {

	}

}
