package io.pgai.spring.relationship.overrides;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "products")
public class Product {

	@Id
	private Long id;

	private String description;

	@VectorizerRelationship(dimensions = 3, targetSchema = "vectors", targetTable = "product_chunks")
	private List<Embedding<Product>> descriptionEmbeddings;

	protected Product() {
	}

	public Long getId() {
		return this.id;
	}

	public List<Embedding<Product>> getDescriptionEmbeddings() {
		return this.descriptionEmbeddings;
	}

}
