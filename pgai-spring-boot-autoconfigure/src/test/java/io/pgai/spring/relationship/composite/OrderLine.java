package io.pgai.spring.relationship.composite;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "order_lines")
@IdClass(OrderLineKey.class)
public class OrderLine {

	@Id
	@Column(name = "order_no")
	private String orderNo;

	@Id
	@Column(name = "line_no")
	private Integer lineNo;

	private String description;

	@VectorizerRelationship(dimensions = 3)
	private List<Embedding<OrderLine>> descriptionEmbeddings;

	protected OrderLine() {
	}

	public String getOrderNo() {
		return this.orderNo;
	}

	public Integer getLineNo() {
		return this.lineNo;
	}

	public String getDescription() {
		return this.description;
	}

	public List<Embedding<OrderLine>> getDescriptionEmbeddings() {
		return this.descriptionEmbeddings;
	}

}
