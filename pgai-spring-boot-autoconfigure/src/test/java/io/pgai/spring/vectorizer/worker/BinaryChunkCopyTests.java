package io.pgai.spring.vectorizer.worker;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BinaryChunkCopyTests {

	@Test
	void keysOfIntegerTextAndUuidTypesAsTheCatalogSpellsThemAreCopiedInBinary() {
		assertThat(BinaryChunkCopy.supports(List.of(key("smallint"), key("integer"), key("bigint"), key("text"),
				key("character varying(20)"), key("character(3)"), key("uuid"))))
			.isTrue();
	}

	@Test
	void aKeyOfAnyOtherTypeTakesTheInsertPath() {
		assertThat(BinaryChunkCopy.supports(List.of(key("bigint"), key("numeric(10,2)")))).isFalse();
		assertThat(BinaryChunkCopy.supports(List.of(key("timestamp with time zone")))).isFalse();
		assertThat(BinaryChunkCopy.supports(List.of(key("citext")))).isFalse();
	}

	private static VectorizerDefinition.KeyColumn key(String type) {
		return new VectorizerDefinition.KeyColumn("k", type);
	}

}
