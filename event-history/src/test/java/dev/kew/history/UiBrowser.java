package dev.kew.history;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven through chromedriver, for the web UI's tests. Without them the
 * tests are skipped with the reason, unless {@code KEW_REQUIRE_BROWSER=true} (CI), where they fail.
 */
final class UiBrowser implements AutoCloseable {

  private static final Path SCREENSHOTS = Path.of("..", "docs", "images");

  private final ChromeDriver driver;
  private final int port;

  private UiBrowser(ChromeDriver driver, int port) {
    this.driver = driver;
    this.port = port;
  }

  /** A browser for the UI on {@code port}; skips (or fails, when required) without chromium. */
  static UiBrowser open(int port) {
    Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
    Optional<Path> chromedriver = onPath("chromedriver");
    if (chromium.isEmpty() || chromedriver.isEmpty()) {
      String why =
          "the UI tests need chromium and chromedriver on PATH (apt-get install chromium"
              + " chromium-driver); missing: "
              + (chromium.isEmpty() ? "chromium " : "")
              + (chromedriver.isEmpty() ? "chromedriver" : "");
      if ("true".equals(System.getenv("KEW_REQUIRE_BROWSER"))) {
        fail(why + " (KEW_REQUIRE_BROWSER=true)");
      }
      Assumptions.assumeTrue(false, why);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800", "--lang=en");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.get().toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1280, 800));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new UiBrowser(driver, port);
  }

  private static Optional<Path> onPath(String... names) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(names)
        .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Loads the UI at {@code hash} (such as {@code #/live?kind=Deployment}) as a fresh page. */
  UiBrowser load(String hash) {
    driver.get("about:blank");
    driver.get("http://127.0.0.1:" + port + "/" + hash);
    return this;
  }

  ChromeDriver driver() {
    return driver;
  }

  /** The element, once it is there. */
  WebElement find(String css) {
    await()
        .atMost(15, TimeUnit.SECONDS)
        .ignoreExceptions()
        .until(() -> !driver.findElements(By.cssSelector(css)).isEmpty());
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The text of the element, once it is there. */
  String text(String css) {
    return find(css).getText();
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Saves the view to docs/images/history-{view}.png, only with KEW_UPDATE_SCREENSHOTS=true. */
  void screenshot(String view) {
    if (!"true".equals(System.getenv("KEW_UPDATE_SCREENSHOTS"))) {
      return;
    }
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(
          SCREENSHOTS.resolve("history-" + view + ".png"),
          ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
