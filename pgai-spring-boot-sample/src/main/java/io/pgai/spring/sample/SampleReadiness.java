package io.pgai.spring.sample;

import io.pgai.spring.sample.manual.BackfillStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says where the application is and how far the vectorizer has come.
 */
@Component
class SampleReadiness {

	private static final Log logger = LogFactory.getLog(SampleReadiness.class);

	private final BackfillStatus status;

	private final Environment environment;

	SampleReadiness(BackfillStatus status, Environment environment) {
		this.status = status;
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void reportReady() {
		BackfillStatus.Snapshot snapshot = this.status.snapshot();
		String url = "http://localhost:" + this.environment.getProperty("local.server.port", "8080") + "/";
		logger.info("pgai sample ready at " + url + ": the PostgreSQL manual, " + snapshot.pages() + " pages, "
				+ snapshot.embedded() + " embedded (" + snapshot.chunks() + " chunks)"
				+ ((snapshot.pending() > 0) ? "; the worker embeds the other " + snapshot.pending()
						+ " in the background, searches answer from what is embedded so far, progress follows" : ""));
	}

}
