package io.pgai.spring.relationship.invalid.type;

import java.util.List;

import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "wrong_type")
public class WrongType {

	@Id
	private Long id;

	@VectorizerRelationship(dimensions = 3)
	private List<String> textEmbeddings;

}
