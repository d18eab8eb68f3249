package io.pgai.spring.relationship.invalid.shared;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "shared")
public class Shared {

	@Id
	private Long id;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Shared>> titleEmbeddings;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Shared>> bodyEmbeddings;

}
