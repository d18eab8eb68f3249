package io.pgai.spring.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when searches have replicas to read from: {@code pgai.search.replicas} lists some, or
 * the application declares {@link SearchReplicaDataSource} beans.
 */
class OnSearchReplicasCondition extends SpringBootCondition implements ConfigurationCondition {

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		// the application's @Bean methods are bean definitions only once configuration is parsed
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		List<String> urls = Binder.get(context.getEnvironment())
			.bind("pgai.search.replicas", Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			// an empty value (pgai.search.replicas=${REPLICAS:}) names none
			.filter((url) -> !url.isBlank())
			.toList();
		if (!urls.isEmpty()) {
			return ConditionOutcome.match("pgai.search.replicas lists " + urls.size() + " replica(s)");
		}
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory != null && beanFactory.getBeanNamesForAnnotation(SearchReplicaDataSource.class).length > 0) {
			return ConditionOutcome.match("@SearchReplicaDataSource beans are declared");
		}
		return ConditionOutcome.noMatch("neither pgai.search.replicas nor @SearchReplicaDataSource beans");
	}

}
