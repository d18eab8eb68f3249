package io.pgai.spring.repository.keys;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** The base class many applications give their entities: the key is inherited. */
@MappedSuperclass
public abstract class KeyedEntity {

	@Id
	private Long id;

	public Long getId() {
		return this.id;
	}

}
