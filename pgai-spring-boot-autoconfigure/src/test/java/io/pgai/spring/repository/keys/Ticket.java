package io.pgai.spring.repository.keys;

import java.util.List;
import java.util.UUID;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A parent keyed by a UUID. */
@Entity
@Table(name = "tickets")
public class Ticket {

	@Id
	private UUID id;

	private String title;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<Ticket>> titleEmbeddings;

	protected Ticket() {
	}

	public UUID getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

}
