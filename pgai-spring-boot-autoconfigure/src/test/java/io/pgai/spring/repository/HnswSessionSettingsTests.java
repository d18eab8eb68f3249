package io.pgai.spring.repository;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code hnsw.ef_search} of each search: pinned, or grown with the store, and never below the
 * rows the index scan must yield.
 */
class HnswSessionSettingsTests {

	private final HnswSessionSettings automatic = new HnswSessionSettings(null, IterativeScan.STRICT_ORDER);

	@Test
	void upTo100000RowsTheServersOwnServesTenResults() {
		for (int m : new int[] { 16, 32 }) {
			assertThat(this.automatic.efSearch(10, 0, m)).isZero();
			assertThat(this.automatic.efSearch(10, 100_000, m)).isZero();
			assertThat(this.automatic.efSearch(10, 199_999, m)).isZero();
		}
	}

	@Test
	void onTheWorkersGraphLargerStoresReach100At1000000Rows() {
		assertThat(this.automatic.efSearch(10, 200_000, 32)).isEqualTo(46);
		assertThat(this.automatic.efSearch(10, 1_000_000, 32)).isEqualTo(100);
		assertThat(this.automatic.efSearch(10, 100_000_000, 32)).isEqualTo(1000);
	}

	@Test
	void onPgvectorsDefaultGraphLargerStoresGet40MorePer100000RowsUpTo1000() {
		assertThat(this.automatic.efSearch(10, 200_000, 16)).isEqualTo(80);
		assertThat(this.automatic.efSearch(10, 1_000_000, 16)).isEqualTo(400);
		assertThat(this.automatic.efSearch(10, 100_000_000, 16)).isEqualTo(1000);
	}

	@Test
	void neverFewerThanTheRowsTheScanMustYield() {
		assertThat(this.automatic.efSearch(100, 50_000, 16)).isEqualTo(100);
		assertThat(this.automatic.efSearch(500, 1_000_000, 16)).isEqualTo(500);
		assertThat(new HnswSessionSettings(20, IterativeScan.OFF).efSearch(10, 1_000_000, 16)).isEqualTo(20);
		assertThat(new HnswSessionSettings(20, IterativeScan.OFF).efSearch(100, 1_000_000, 16)).isEqualTo(100);
	}

	@Test
	void aScanOfMoreRowsThanPgvectorAllowsGetsItsLargestEfSearch() {
		assertThat(this.automatic.efSearch(1040, 100_000, 16)).isEqualTo(1000);
		assertThat(new HnswSessionSettings(200, IterativeScan.OFF).efSearch(4000, 100_000, 16)).isEqualTo(1000);
	}

}
