package io.pgai.spring.repository;

import io.pgai.spring.EmbeddingRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.Assert;

/**
 * Makes one {@link EmbeddingRepository} bean: the generated repository of a relationship field, or
 * the implementation of an application's interface. A plain bean class with constructor arguments,
 * so that Spring AOT can write its bean definition as code. The repository is made at startup, not
 * on first use, so that an interface method the starter cannot derive fails the application's start.
 *
 * @param <R> the repository type
 */
public class EmbeddingRepositoryFactoryBean<R> implements FactoryBean<R>, BeanFactoryAware, InitializingBean {

	private final Class<?> type;

	private final @Nullable String field;

	private @Nullable BeanFactory beanFactory;

	private @Nullable R repository;

	/**
	 * Creates the factory of an application's interface extending {@link EmbeddingRepository}.
	 * @param repositoryInterface the interface
	 */
	public EmbeddingRepositoryFactoryBean(Class<R> repositoryInterface) {
		this.type = repositoryInterface;
		this.field = null;
	}

	/**
	 * Creates the factory of a relationship field's generated repository.
	 * @param parentType the entity that declares the field
	 * @param field the {@code @VectorizerRelationship} field
	 */
	public EmbeddingRepositoryFactoryBean(Class<?> parentType, String field) {
		this.type = parentType;
		this.field = field;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void afterPropertiesSet() {
		Assert.state(this.beanFactory != null, "No BeanFactory");
		EmbeddingRepositoryFactory factory = this.beanFactory.getBean(EmbeddingRepositoryFactory.class);
		this.repository = (this.field != null) ? (R) factory.create(this.type, this.field)
				: factory.createFromInterface((Class<R>) this.type);
	}

	@Override
	public R getObject() {
		Assert.state(this.repository != null, "The repository is made when the factory is initialized");
		return this.repository;
	}

	@Override
	public Class<?> getObjectType() {
		return (this.field != null) ? EmbeddingRepository.class : this.type;
	}

}
