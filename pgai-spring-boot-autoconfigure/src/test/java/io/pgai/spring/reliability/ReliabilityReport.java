package io.pgai.spring.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;

/**
 * Appends what each reliability check tried and what held to target/reliability-report.md, which
 * each test JVM starts afresh.
 */
public final class ReliabilityReport {

	static final Path FILE = Path.of("target/reliability-report.md");

	private static boolean started;

	private ReliabilityReport() {
	}

	/**
	 * Adds a row to the report.
	 * @param check what was checked
	 * @param tried what was done to the system
	 * @param held what held afterwards
	 */
	public static synchronized void record(String check, String tried, String held) {
		try {
			if (!started) {
				Files.deleteIfExists(FILE);
				started = true;
			}
			if (!Files.exists(FILE)) {
				Files.createDirectories(FILE.getParent());
				Files.writeString(FILE, "# Reliability report\n\n" + OffsetDateTime.now() + ", "
						+ Runtime.getRuntime().availableProcessors() + " cores; load duration "
						+ LoadSettings.seconds() + " s (-Dpgai.reliability.seconds).\n\n"
						+ "| Check | Tried | What held |\n|---|---|---|\n");
			}
			Files.writeString(FILE, "| " + check + " | " + tried + " | " + held + " |\n", StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * How long the load runs.
	 */
	public static final class LoadSettings {

		private LoadSettings() {
		}

		/**
		 * The load's duration.
		 * @return seconds, 5 unless {@code -Dpgai.reliability.seconds} says otherwise
		 */
		public static int seconds() {
			return Integer.getInteger("pgai.reliability.seconds", 5);
		}

	}

}
