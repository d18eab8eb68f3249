package io.pgai.spring.repository;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a method of an application's {@link io.pgai.spring.EmbeddingRepository}
 * interface cannot be derived into a search.
 */
public class InvalidEmbeddingRepositoryMethodException extends RuntimeException {

	private final Class<?> repositoryInterface;

	private final String method;

	private final String fix;

	/**
	 * Creates a new exception.
	 * @param repositoryInterface the application's interface
	 * @param method the method, or {@code null} when the interface as a whole is at fault
	 * @param problem what is wrong
	 * @param fix how to fix it
	 * @param cause the underlying failure, if any
	 */
	public InvalidEmbeddingRepositoryMethodException(Class<?> repositoryInterface, @Nullable Method method,
			String problem, String fix, @Nullable Throwable cause) {
		super(repositoryInterface.getSimpleName() + ((method != null) ? "." + method.getName() : "") + ": " + problem,
				cause);
		this.repositoryInterface = repositoryInterface;
		this.method = (method != null) ? method.toGenericString() : repositoryInterface.getName();
		this.fix = fix;
	}

	/**
	 * The application's repository interface.
	 * @return the interface
	 */
	public Class<?> getRepositoryInterface() {
		return this.repositoryInterface;
	}

	/**
	 * The method that cannot be derived, with its signature.
	 * @return the method
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * How to fix the method.
	 * @return the fix
	 */
	public String getFix() {
		return this.fix;
	}

}
