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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search page in a real headless Chromium (Debian's, with its ChromeDriver; scripts/chromium.sh
 * installs them): type a query, see the expected post first. A failing test leaves a screenshot in
 * target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchPageBrowserIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	int port;

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
	void aQuestionByMeaningShowsTheAnsweringPageWithItsBestChunk(TestInfo test) throws IOException {
		onFailureScreenshot(test, () -> {
			this.browser.get("http://localhost:" + this.port + "/");
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
			String title = first.findElement(By.className("title")).getText();
			first.findElement(By.className("title")).click();
			new WebDriverWait(this.browser, Duration.ofSeconds(20))
				.until((driver) -> driver.findElement(By.id("page")).isDisplayed());
			assertThat(this.browser.findElement(By.id("page-title")).getText()).isEqualTo(title);
			assertThat(this.browser.findElements(By.cssSelector("#page-chunks li"))).hasSizeGreaterThan(1);
			this.browser.findElement(By.id("page-similar")).click();
			new WebDriverWait(this.browser, Duration.ofSeconds(20)).until((driver) -> driver
				.findElement(By.id("summary"))
				.getText()
				.startsWith("Pages like"));
			assertThat(waitForResults()).hasSize(5);
		});
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
			Path directory = Path.of("target", "screenshots");
			Files.createDirectories(directory);
			File screenshot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
			Files.copy(screenshot.toPath(), directory.resolve(test.getDisplayName().replaceAll("\\W", "") + ".png"),
					StandardCopyOption.REPLACE_EXISTING);
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
