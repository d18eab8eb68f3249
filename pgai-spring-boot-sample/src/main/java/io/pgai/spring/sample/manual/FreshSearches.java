package io.pgai.spring.sample.manual;

import java.util.function.Supplier;

import io.pgai.spring.replica.SearchReplicas;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs searches that must see what was saved just before them, such as a note and its chunks.
 * With read replicas ({@code pgai.search.replicas}, profile {@code replica}) a search may reach one
 * that has not replayed them yet: these wait for one that has, else run on the primary. On one
 * server every search sees them, and these run as they are.
 */
@Component
public class FreshSearches {

	private final @Nullable SearchReplicas replicas;

	public FreshSearches(ObjectProvider<SearchReplicas> replicas) {
		this.replicas = replicas.getIfAvailable();
	}

	/**
	 * Runs searches that see everything committed before this call.
	 * @param searches the searches
	 * @param <T> their result
	 * @return their result
	 */
	public <T> T run(Supplier<T> searches) {
		return (this.replicas != null) ? this.replicas.readingYourWrites(searches) : searches.get();
	}

}
