package io.pgai.spring.relationship.invalid.identifier;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "injected")
public class Injected {

	@Id
	private Long id;

	@VectorizerRelationship(dimensions = 3, targetTable = "x; drop table blog_posts; --")
	private List<Embedding<Injected>> textEmbeddings;

}
