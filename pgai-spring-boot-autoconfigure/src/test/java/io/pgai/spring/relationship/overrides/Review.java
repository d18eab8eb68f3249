package io.pgai.spring.relationship.overrides;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "reviews", schema = "shop")
public class Review {

	@Id
	private Long id;

	private String text;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Review>> textEmbeddings;

	protected Review() {
	}

	public Long getId() {
		return this.id;
	}

	public List<Embedding<Review>> getTextEmbeddings() {
		return this.textEmbeddings;
	}

}
