package io.pgai.spring.vectorizer.worker;

import java.util.function.Supplier;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.pgai.spring.vectorizer.embedding.EmbeddingProvider;
import io.pgai.spring.vectorizer.embedding.LocalEmbeddingProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Finds the in-process model of {@code ai.embedding_local}: the application's LangChain4j
 * {@link EmbeddingModel} bean, else the quantized all-MiniLM-L6-v2 when its jar is on the class
 * path. Loaded only where LangChain4j is present.
 */
public final class LocalModels {

	private static final String MINI_LM = "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";

	private LocalModels() {
	}

	/**
	 * The in-process provider, created on first use.
	 * @param beans the application's LangChain4j models
	 * @param classLoader where to look for the MiniLM model
	 * @return the provider's supplier, answering {@code null} when there is no model
	 */
	public static Supplier<@Nullable EmbeddingProvider> provider(ObjectProvider<EmbeddingModel> beans,
			@Nullable ClassLoader classLoader) {
		return SingletonSupplier.ofNullable(() -> {
			EmbeddingModel bean = beans.getIfUnique();
			if (bean != null) {
				return new LocalEmbeddingProvider(bean, bean.getClass().getSimpleName());
			}
			if (ClassUtils.isPresent(MINI_LM, classLoader)) {
				try {
					EmbeddingModel miniLm = (EmbeddingModel) ClassUtils.forName(MINI_LM, classLoader)
						.getDeclaredConstructor()
						.newInstance();
					return new LocalEmbeddingProvider(miniLm, "all-MiniLM-L6-v2 (quantized, in process)");
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException("Could not load the all-MiniLM-L6-v2 model", ex);
				}
			}
			return null;
		});
	}

}
