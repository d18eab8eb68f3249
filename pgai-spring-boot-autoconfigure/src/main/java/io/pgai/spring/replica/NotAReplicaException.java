package io.pgai.spring.replica;

import java.util.List;

/**
 * Replicas that answered the first check as copies of another database than the application's:
 * searches on them would return another database's rows, so the application does not start.
 */
public class NotAReplicaException extends IllegalStateException {

	private final List<String> replicas;

	private final List<String> reasons;

	NotAReplicaException(List<String> replicas, List<String> reasons) {
		super(String.join("\n", reasons));
		this.replicas = List.copyOf(replicas);
		this.reasons = List.copyOf(reasons);
	}

	/**
	 * The replicas that are not copies of the application's database.
	 * @return their names, as health and logs show them
	 */
	public List<String> getReplicas() {
		return this.replicas;
	}

	/**
	 * What each holds instead, one line per replica.
	 * @return the reasons, in the order of {@link #getReplicas()}
	 */
	public List<String> getReasons() {
		return this.reasons;
	}

}
