package io.stepwise.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for the
 * dashboard's tests. Screenshots go to {@code target/dashboard-screenshots}, or to the directory
 * {@code -Dstepwise.screenshots} names: {@code -Dstepwise.screenshots=docs/screenshots} refreshes
 * the README's.
 */
public final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS =
      Path.of(System.getProperty("stepwise.screenshots", "target/dashboard-screenshots"));

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  public static Browser start() {
    File chromium = new File(System.getProperty("stepwise.chromium", "/usr/bin/chromium"));
    File chromedriver =
        new File(System.getProperty("stepwise.chromedriver", "/usr/bin/chromedriver"));
    if (!chromium.canExecute() || !chromedriver.canExecute()) {
      throw new IllegalStateException(
          "the dashboard tests need Chromium and its driver: apt-get install chromium"
              + " chromium-driver (or set -Dstepwise.chromium and -Dstepwise.chromedriver)");
    }
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(chromium)
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1000",
                "--lang=en-GB");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).build();
    return new Browser(new ChromeDriver(service, options));
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  /** Waits (up to 30 s) until {@code condition} holds, as the page updates itself. */
  public <T> T waitFor(Function<WebDriver, T> condition) {
    try {
      // An element read while the page redraws (it does on every signal of the instance) is
      // stale: read it again at the next poll.
      return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
          .ignoring(StaleElementReferenceException.class)
          .until(condition);
    } catch (TimeoutException timedOut) {
      // What the page showed instead, to see why: a screenshot and the page's text.
      Path shot = screenshot("failed-" + System.currentTimeMillis());
      throw new AssertionError(
          "the page did not get there in 30 s; it shows ("
              + shot
              + ", "
              + driver.getCurrentUrl()
              + "):\n"
              + driver.findElement(By.tagName("body")).getText(),
          timedOut);
    }
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Clicks the element, found again if the page redrew it between finding and clicking. */
  public void click(String css) {
    waitFor(
        d -> {
          d.findElement(By.cssSelector(css)).click();
          return true;
        });
  }

  /** Waits until an element matching {@code css} has {@code text} in it. */
  public void waitForText(String css, String text) {
    waitFor(
        d ->
            d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text)));
  }

  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          target,
          StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
