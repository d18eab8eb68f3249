package io.pgai.spring.relationship.composite;

import java.io.Serializable;
import java.util.Objects;

public class OrderLineKey implements Serializable {

	private String orderNo;

	private Integer lineNo;

	public OrderLineKey() {
	}

	public OrderLineKey(String orderNo, Integer lineNo) {
		this.orderNo = orderNo;
		this.lineNo = lineNo;
	}

	public String getOrderNo() {
		return this.orderNo;
	}

	public Integer getLineNo() {
		return this.lineNo;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof OrderLineKey that && Objects.equals(this.orderNo, that.orderNo)
				&& Objects.equals(this.lineNo, that.lineNo);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.orderNo, this.lineNo);
	}

}
