package io.pgai.spring.vectorizer.chunking;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Cases of LangChain's own splitter tests, which pgai's worker delegates to.
 */
class TextSplitterTests {

	@Test
	void characterSplitterOverlapsNeighbours() {
		assertThat(new CharacterTextSplitter(7, 3, " ", false).split("foo bar baz 123"))
			.containsExactly("foo bar", "bar baz", "baz 123");
	}

	@Test
	void characterSplitterKeepsLongPiecesWhole() {
		assertThat(new CharacterTextSplitter(3, 1, " ", false).split("foo bar baz a a"))
			.containsExactly("foo", "bar", "baz", "a a");
	}

	@Test
	void characterSplitterDropsEmptyPieces() {
		assertThat(new CharacterTextSplitter(2, 0, " ", false).split("foo  bar")).containsExactly("foo", "bar");
	}

	@Test
	void characterSplitterTakesRegexSeparators() {
		assertThat(new CharacterTextSplitter(3, 0, "\\d", true).split("ab1cd22ef")).containsExactly("ab", "cd", "ef");
		assertThat(new CharacterTextSplitter(3, 0, ".", false).split("ab.cd")).containsExactly("ab", "cd");
	}

	@Test
	void recursiveSplitterMatchesLangChainsIterativeCase() {
		String text = "Hi.\n\nI'm Harrison.\n\nHow? Are? You?\nOkay then f f f f.\n"
				+ "This is a weird text to write, but gotta test the splittingggg some how.\n\nBye!\n\n-H.";
		List<String> chunks = new RecursiveCharacterTextSplitter(10, 1, List.of("\n\n", "\n", " ", ""), false)
			.split(text);
		assertThat(chunks).containsExactly("Hi.", "I'm", "Harrison.", "How? Are?", "You?", "Okay then", "f f f f.",
				"This is a", "weird", "text to", "write,", "but gotta", "test the", "splitting", "gggg", "some how.",
				"Bye!", "-H.");
	}

	@Test
	void recursiveSplitterTakesTheFirstRegexSeparatorThatOccursAndKeepsItWithTheNextPiece() {
		assertThat(new RecursiveCharacterTextSplitter(5, 0, List.of("\\d", "\\.", ""), true).split("one.two.three"))
			.containsExactly("one", ".two", ".thre", "e");
	}

	@Test
	void recursiveSplitterReadsSeparatorsLiterallyUnlessTheyAreRegex() {
		assertThat(new RecursiveCharacterTextSplitter(5, 0, List.of(".", ""), false).split("one.two.three"))
			.containsExactly("one", ".two", ".thre", "e");
	}

	@Test
	void recursiveSplitterWithPgaisSeparatorsKeepsSentencesTogether() {
		List<String> chunks = new RecursiveCharacterTextSplitter(50, 10,
				RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false)
			.split("PostgreSQL stores vectors. pgvector adds the type.\n\nSpring maps the store.");
		assertThat(chunks).containsExactly("PostgreSQL stores vectors. pgvector adds the type.",
				"Spring maps the store.");
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.length()).isLessThanOrEqualTo(50));
	}

	@Test
	void everyChunkFitsWhenTheTextHasNoSeparators() {
		List<String> chunks = new RecursiveCharacterTextSplitter(4, 0,
				RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false)
			.split("abcdefghij");
		assertThat(chunks).containsExactly("abcd", "efgh", "ij");
	}

	@Test
	void blankTextHasNoChunks() {
		assertThat(new RecursiveCharacterTextSplitter(10, 0, RecursiveCharacterTextSplitter.DEFAULT_SEPARATORS, false)
			.split("  \n\n ")).isEmpty();
		assertThat(TextSplitter.none().split(" ")).isEmpty();
		assertThat(TextSplitter.none().split("whole text")).containsExactly("whole text");
	}

	@Test
	void lengthsCountCharactersNotUtf16Units() {
		assertThat(new CharacterTextSplitter(3, 0, " ", false).split("𝄞𝄞𝄞 ab")).containsExactly("𝄞𝄞𝄞", "ab");
	}

	@Test
	void anOverlapLargerThanTheChunkIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CharacterTextSplitter(10, 11, " ", false))
			.withMessageContaining("chunk_overlap must be between 0 and chunk_size (10) but was 11");
	}

}
