package io.pgai.spring.vectorizer.worker;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Templates are filled as Python's {@code string.Template.substitute} fills them in pgai's worker.
 */
class ChunkFormatterTests {

	@Test
	void columnsChunkAndDollarsAreFilledAsPythonDoes() {
		Map<String, Object> row = new HashMap<>();
		row.put("title", "Pasta");
		row.put("price", null);
		assertThat(ChunkFormatter.format("${title}: $chunk costs $$5, $price", "Boil water.", row))
			.isEqualTo("Pasta: Boil water. costs $5, None");
	}

	@Test
	void theColumnsATemplateNamesAreFoundBeforeAnyRowIsFormatted() {
		assertThat(ChunkFormatter.columns("$title by ${author}: $chunk $$")).containsExactly("title", "author");
	}

	@Test
	void aDollarThatStartsNoPlaceholderIsAnErrorAsForPython() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChunkFormatter.columns("costs $5: $chunk"))
			.withMessageContaining("write $$ for a dollar sign");
	}

	@Test
	void aNameThatIsNotAColumnIsAnError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChunkFormatter.format("$title: $chunk", "text", Map.of("body", "text")))
			.withMessageContaining("$title");
	}

}
