package io.pgai.spring.repository.keys;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A parent keyed by a primitive int. */
@Entity
@Table(name = "shelves")
public class Shelf {

	@Id
	private int id;

	private String label;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Shelf>> labelEmbeddings;

	protected Shelf() {
	}

	public int getId() {
		return this.id;
	}

	public String getLabel() {
		return this.label;
	}

}
