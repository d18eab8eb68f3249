package io.pgai.spring.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sets a default level for the in-process model's CUDA probe, which logs two WARN lines at every
 * start on a machine without a GPU ("Failed to detect GPU count"): a machine without a GPU is
 * what the quantized model is for. Added last, so {@code logging.level.ai.djl.util.cuda} set
 * anywhere else wins.
 */
class QuietModelLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY = "logging.level.ai.djl.util.cuda.CudaUtils";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("pgaiLoggingDefaults", Map.of(PROPERTY, "error")));
	}

}
