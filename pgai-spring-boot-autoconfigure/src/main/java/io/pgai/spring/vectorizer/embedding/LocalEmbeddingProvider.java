package io.pgai.spring.vectorizer.embedding;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * An in-process LangChain4j model, such as the quantized all-MiniLM-L6-v2 that runs offline:
 * pgai-spring's {@code ai.embedding_local}.
 */
public class LocalEmbeddingProvider implements EmbeddingProvider {

	private final EmbeddingModel model;

	private final String description;

	/**
	 * Creates a provider.
	 * @param model the model
	 * @param name the model's name, for logs
	 */
	public LocalEmbeddingProvider(EmbeddingModel model, String name) {
		this.model = model;
		this.description = "local " + name;
	}

	@Override
	public String describe() {
		return this.description;
	}

	@Override
	public int maxBatchSize() {
		return 64;
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
		List<float[]> vectors = new ArrayList<>(texts.size());
		try {
			this.model.embedAll(segments).content().forEach((embedding) -> vectors.add(embedding.vector()));
		}
		catch (RuntimeException ex) {
			throw new EmbeddingProviderException(this.description, EmbeddingProviderException.Kind.REJECTED,
					String.valueOf(ex.getMessage()), null, ex);
		}
		return vectors;
	}

}
