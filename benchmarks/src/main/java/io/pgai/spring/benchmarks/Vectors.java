package io.pgai.spring.benchmarks;

import java.util.Random;

/**
 * Seeded random unit vectors, the same on every run.
 */
final class Vectors {

	private Vectors() {
	}

	/**
	 * A unit vector near one of {@code clusters} seeded centres, as real embeddings cluster by
	 * topic; uniformly random vectors in 384 dimensions have no neighbours worth the name.
	 */
	static float[] clustered(Random random, float[][] centres) {
		float[] centre = centres[random.nextInt(centres.length)];
		float[] vector = unit(random, centre.length);
		for (int i = 0; i < vector.length; i++) {
			vector[i] = centre[i] + 0.35f * vector[i];
		}
		return normalize(vector);
	}

	static float[][] centres(Random random, int count, int dimensions) {
		float[][] centres = new float[count][];
		for (int i = 0; i < count; i++) {
			centres[i] = unit(random, dimensions);
		}
		return centres;
	}

	private static float[] normalize(float[] vector) {
		double norm = 0;
		for (float value : vector) {
			norm += value * value;
		}
		float scale = (float) (1 / Math.sqrt(norm));
		for (int i = 0; i < vector.length; i++) {
			vector[i] *= scale;
		}
		return vector;
	}

	static float[] unit(Random random, int dimensions) {
		float[] vector = new float[dimensions];
		double norm = 0;
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) random.nextGaussian();
			norm += vector[i] * vector[i];
		}
		float scale = (float) (1 / Math.sqrt(norm));
		for (int i = 0; i < dimensions; i++) {
			vector[i] *= scale;
		}
		return vector;
	}

	static String literal(float[] vector) {
		StringBuilder text = new StringBuilder(vector.length * 10).append('[');
		for (int i = 0; i < vector.length; i++) {
			text.append((i > 0) ? "," : "").append(vector[i]);
		}
		return text.append(']').toString();
	}

}
