package io.pgai.spring.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;

/**
 * Appends what each reliability check tried and what held to target/reliability-report.md.
 */
final class ReliabilityReport {

	static final Path FILE = Path.of("target/reliability-report.md");

	private ReliabilityReport() {
	}

	static synchronized void record(String check, String tried, String held) {
		try {
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

	static final class LoadSettings {

		private LoadSettings() {
		}

		static int seconds() {
			return Integer.getInteger("pgai.reliability.seconds", 5);
		}

	}

}
