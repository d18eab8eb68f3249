package io.pgai.spring.repository.keys;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A parent whose key comes from a {@code @MappedSuperclass}. */
@Entity
@Table(name = "badges")
public class Badge extends KeyedEntity {

	private String name;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Badge>> nameEmbeddings;

	protected Badge() {
	}

	public String getName() {
		return this.name;
	}

	public List<Embedding<Badge>> getNameEmbeddings() {
		return this.nameEmbeddings;
	}

}
