package io.pgai.spring.repository;

import io.pgai.spring.EmbeddingRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.RegisteredBean;

/**
 * Registers, for a native image, the JDK proxy that implements an application's interface
 * extending {@link EmbeddingRepository}, and the reflection that derives its methods.
 */
class EmbeddingRepositoryProxyAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		if (registeredBean.getBeanClass() != EmbeddingRepositoryFactoryBean.class) {
			return null;
		}
		var arguments = registeredBean.getMergedBeanDefinition().getConstructorArgumentValues();
		ValueHolder first = arguments.getIndexedArgumentValue(0, Class.class);
		if (arguments.getArgumentCount() != 1 || first == null || !(first.getValue() instanceof Class<?> type)
				|| !type.isInterface()) {
			return null;
		}
		return (generationContext, code) -> {
			generationContext.getRuntimeHints().proxies().registerJdkProxy(AopProxyUtils.completeJdkProxyInterfaces(type));
			generationContext.getRuntimeHints().reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
		};
	}

}
