package io.pgai.spring.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.pgai.spring.test.Waiter;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The search page in a real headless Chromium (Debian's, with its ChromeDriver; scripts/chromium.sh
 * installs them): each mode (hybrid by default), a page's chunks, pages like it, and the progress
 * bar through a backfill. A failing test leaves a screenshot in target/screenshots; with
 * {@code -Dpgai.docs.update=true} the tests also write the README's screenshots to
 * {@code screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchPageBrowserIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	VectorizerWorker worker;

	@Autowired
	JdbcTemplate jdbc;

	WebDriver browser;

	@BeforeEach
	void openBrowser() throws IOException {
		RestClient http = RestClient.create("http://localhost:" + this.port);
		Waiter.until("the backfill", Duration.ofMinutes(5),
				() -> ((Number) http.get().uri("/api/status").retrieve().body(Map.class).get("pending")).longValue() == 0);
		ChromeOptions options = new ChromeOptions().setBinary(executable("chromium", "chromium-browser", "google-chrome"))
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--window-size=1280,1000",
					"--user-data-dir=" + Files.createTempDirectory("pgai-chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(executable("chromedriver")))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void hybridIsTheDefaultAndFindsAnExactNameAndAQuestion(TestInfo test) throws IOException {
		onFailureScreenshot(test, () -> {
			this.browser.get("http://localhost:" + this.port + "/");
			assertThat(this.browser.findElement(By.id("mode-hybrid")).isSelected()).isTrue();
			this.browser.findElement(By.id("query")).sendKeys("pg_advisory_xact_lock");
			this.browser.findElement(By.id("search")).click();
			List<WebElement> results = waitForResults();
			assertThat(results).hasSize(10);
			assertThat(results.get(0).findElement(By.className("title")).getText())
				.isEqualTo("9.27. System Administration Functions");
			assertThat(results.get(0).getText()).contains("fused").contains("pg_advisory_xact_lock");
			assertThat(this.browser.findElement(By.id("summary")).getText())
				.isEqualTo("10 pages best matching, by meaning and words, “pg_advisory_xact_lock”");
			WebElement query = this.browser.findElement(By.id("query"));
			query.clear();
			query.sendKeys("how do I make a column unique across two columns");
			this.browser.findElement(By.id("search")).click();
			new WebDriverWait(this.browser, Duration.ofSeconds(20)).until((driver) -> driver
				.findElement(By.id("summary"))
				.getText()
				.contains("unique across two columns"));
			assertThat(waitForResults()).extracting((result) -> result.findElement(By.className("title")).getText())
				.contains("5.4. Constraints");
			screenshot("search-hybrid");
		});
	}

	@Test
	void aQuestionByMeaningShowsTheAnsweringPageWithItsBestChunk(TestInfo test) throws IOException {
		onFailureScreenshot(test, () -> {
			this.browser.get("http://localhost:" + this.port + "/");
			this.browser.findElement(By.id("mode-meaning")).findElement(By.xpath("..")).click();
			this.browser.findElement(By.id("query")).sendKeys("how do I make a column unique across two columns");
			this.browser.findElement(By.id("search")).click();
			List<WebElement> results = waitForResults();
			assertThat(results).hasSize(10);
			assertThat(results).extracting((result) -> result.findElement(By.className("title")).getText())
				.contains("5.4. Constraints");
			assertThat(results.get(0).getText()).contains("similarity");
			assertThat(this.browser.findElement(By.id("summary")).getText())
				.isEqualTo("10 pages nearest in meaning to “how do I make a column unique across two columns”");
			assertThat(this.browser.findElement(By.id("progress-text")).getText()).startsWith("All ")
				.contains("pages embedded");
			screenshot("search-by-meaning");
		});
	}

	@Test
	void wordsModeMarksTheWordsAndAPageShowsItsChunks(TestInfo test) throws IOException {
		onFailureScreenshot(test, () -> {
			this.browser.get("http://localhost:" + this.port + "/");
			this.browser.findElement(By.id("mode-words")).findElement(By.xpath("..")).click();
			this.browser.findElement(By.id("query")).sendKeys("pg_stat_activity");
			this.browser.findElement(By.id("search")).click();
			WebElement first = waitForResults().get(0);
			assertThat(first.getText()).contains("rank");
			assertThat(first.findElements(By.tagName("mark"))).isNotEmpty();
			screenshot("search-by-words");
			String title = first.findElement(By.className("title")).getText();
			first.findElement(By.className("title")).click();
			new WebDriverWait(this.browser, Duration.ofSeconds(20))
				.until((driver) -> driver.findElement(By.id("page")).isDisplayed());
			assertThat(this.browser.findElement(By.id("page-title")).getText()).isEqualTo(title);
			assertThat(this.browser.findElements(By.cssSelector("#page-chunks li"))).hasSizeGreaterThan(1);
			assertThat(this.browser.findElements(By.cssSelector("#page-chunks li.best"))).hasSize(1);
			screenshot("page-and-its-chunks");
			this.browser.findElement(By.id("page-similar")).click();
			new WebDriverWait(this.browser, Duration.ofSeconds(20)).until((driver) -> driver
				.findElement(By.id("summary"))
				.getText()
				.startsWith("Pages like"));
			assertThat(waitForResults()).hasSize(5);
		});
	}

	@Test
	void theProgressBarFollowsABackfillAndSearchesAnswerMeanwhile(TestInfo test) throws IOException {
		onFailureScreenshot(test, () -> {
			long pages = this.jdbc.queryForObject("select count(*) from manual.manual_pages", Long.class);
			// The worker held, so that the queue the page shows is exactly the one made here.
			this.worker.stop();
			try {
				this.jdbc.update("update manual.manual_pages set content = content || ' ' where id <= 150");
				this.browser.get("http://localhost:" + this.port + "/");
				WebElement progress = this.browser.findElement(By.id("progress-text"));
				new WebDriverWait(this.browser, Duration.ofSeconds(20))
					.until((driver) -> progress.getText().startsWith("Embedding the manual"));
				assertThat(progress.getText()).startsWith("Embedding the manual: " + (pages - 150) + " of " + pages + " pages");
				assertThat(barPercent()).isCloseTo(100.0 * (pages - 150) / pages, within(0.05));
				// Searches answer from what is embedded meanwhile.
				this.browser.findElement(By.id("query")).sendKeys("how do I make a column unique across two columns");
				this.browser.findElement(By.id("search")).click();
				assertThat(waitForResults()).hasSize(10);
				screenshot("backfill-progress");
			}
			finally {
				this.worker.start();
			}
			new WebDriverWait(this.browser, Duration.ofMinutes(2))
				.until((driver) -> driver.findElement(By.id("progress-text")).getText().startsWith("All "));
			assertThat(barPercent()).isEqualTo(100.0);
		});
	}

	@Test
	void aSavedNoteIsEmbeddedThenFoundByTheSearchThatFollowsAndCanBeDeleted(TestInfo test) throws IOException {
		String title = "Our runbook: a standby that falls behind";
		try {
			onFailureScreenshot(test, () -> {
				this.browser.get("http://localhost:" + this.port + "/");
				this.browser.findElement(By.id("add-note")).click();
				this.browser.findElement(By.id("note-save")).click();
				new WebDriverWait(this.browser, Duration.ofSeconds(20))
					.until((driver) -> !driver.findElement(By.id("note-error")).getText().isEmpty());
				assertThat(this.browser.findElement(By.id("note-error")).getText())
					.isEqualTo("content must not be blank; title must not be blank");

				this.browser.findElement(By.id("note-title")).sendKeys(title);
				this.browser.findElement(By.id("note-content"))
					.sendKeys(PgaiSampleApplicationIntegrationTests.STANDBY_RUNBOOK);
				this.browser.findElement(By.id("note-save")).click();
				// saved, embedded by the worker, then searched for by its title: it is among the results
				new WebDriverWait(this.browser, Duration.ofSeconds(60)).until((driver) -> driver
					.findElement(By.id("summary"))
					.getText()
					.endsWith("“" + title + "”"));
				WebElement note = waitForResults().stream()
					.filter((result) -> result.getAttribute("class").contains("note"))
					.findFirst()
					.orElseThrow(() -> new AssertionError("the note is not among the results"));
				assertThat(note.findElement(By.className("title")).getText()).isEqualTo(title);
				assertThat(note.findElement(By.className("badge")).getText()).isEqualTo("your note");
				assertThat(note.findElement(By.className("chapter")).getText()).endsWith("Notes");
				assertThat(note.findElements(By.linkText("postgresql.org"))).isEmpty();
				assertThat(note.findElement(By.className("chunk")).getText()).startsWith(title + ": When the standby");
				screenshot("save-then-search");

				note.findElement(By.className("title")).click();
				new WebDriverWait(this.browser, Duration.ofSeconds(20))
					.until((driver) -> driver.findElement(By.id("page")).isDisplayed());
				assertThat(this.browser.findElement(By.id("page-chapter")).getText()).isEqualTo("Your notes · Notes");
				assertThat(this.browser.findElement(By.id("page-source")).isDisplayed()).isFalse();
				this.browser.findElement(By.id("page-delete")).click();
				new WebDriverWait(this.browser, Duration.ofSeconds(20)).until((driver) -> driver
					.findElement(By.id("page-summary"))
					.getText()
					.startsWith("Deleted."));
				assertThat(this.jdbc.queryForObject("select count(*) from manual.manual_pages where title = ?", Long.class,
						title))
					.isZero();
			});
		}
		finally {
			this.jdbc.update("delete from manual.manual_pages where part = 'Your notes'");
			Waiter.until("the worker to delete the notes' chunks", Duration.ofSeconds(30),
					() -> pendingQueue() == 0 && this.jdbc.queryForObject("select count(*) from "
							+ "manual.manual_pages_embedding_store s where not exists "
							+ "(select 1 from manual.manual_pages p where p.id = s.id)", Long.class) == 0);
		}
	}

	private long pendingQueue() {
		return this.jdbc.queryForObject("select coalesce(sum(ai.vectorizer_queue_pending(id, true)), 0) from ai.vectorizer",
				Long.class);
	}

	/** How much of the progress bar is filled, as the page set it. */
	private double barPercent() {
		String width = (String) ((JavascriptExecutor) this.browser)
			.executeScript("return document.querySelector('#bar div').style.width");
		return Double.parseDouble(width.replace("%", ""));
	}

	/** A screenshot for the README, written to screenshots/ when the docs are being updated. */
	private void screenshot(String name) {
		try {
			Path file = saveScreenshot(name);
			if (Boolean.getBoolean("pgai.docs.update")) {
				Path docs = Files.createDirectories(Path.of("screenshots"));
				Files.copy(file, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The browser's window as target/screenshots/{name}.png. */
	private Path saveScreenshot(String name) throws IOException {
		File screenshot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Path file = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
		Files.copy(screenshot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
		return file;
	}

	private List<WebElement> waitForResults() {
		return new WebDriverWait(this.browser, Duration.ofSeconds(20)).until((driver) -> {
			List<WebElement> items = driver.findElements(By.cssSelector("#results li"));
			return items.isEmpty() ? null : items;
		});
	}

	private void onFailureScreenshot(TestInfo test, Runnable steps) throws IOException {
		try {
			steps.run();
		}
		catch (AssertionError | RuntimeException ex) {
			saveScreenshot(test.getDisplayName().replaceAll("\\W", ""));
			throw ex;
		}
	}

	private static String executable(String... names) {
		return Stream.of(names)
			.flatMap((name) -> Stream.of(System.getenv("PATH").split(File.pathSeparator))
				.map((dir) -> Path.of(dir, name)))
			.filter(Files::isExecutable)
			.findFirst()
			.map(Path::toString)
			.orElseThrow(() -> new IllegalStateException("None of " + List.of(names)
					+ " is on the PATH; run scripts/chromium.sh, which installs Debian's chromium and chromium-driver"));
	}

}
