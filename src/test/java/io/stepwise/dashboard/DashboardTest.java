package io.stepwise.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.testkit.InstanceProbe;
import io.stepwise.testkit.StepwiseTestKit;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The dashboard in a real headless Chromium, against the live service of the tests. */
@QuarkusTest
class DashboardTest {

  @TestHTTPResource("/")
  URL service;

  @Inject StepwiseTestKit stepwise;

  static Browser browser;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  String page(String hash) {
    return service.toString().replaceAll("/$", "") + "/dashboard/" + hash;
  }

  /**
   * Opens an instance's page and waits until it is that page: moving from one instance page to
   * another only changes the URL's hash, and until the new page renders the old one still shows.
   */
  void openInstance(String workflow, String id) {
    browser.open(page("#/w/" + workflow + "/i/" + id));
    browser.waitForText("#crumbs", id);
  }

  static String newId() {
    return "ui-" + UUID.randomUUID();
  }

  @Test
  void theServiceRootOpensTheWorkflowsWithTheirInstanceCountsByStatus() throws Exception {
    InstanceProbe done = stepwise.introspect("chain", newId());
    stepwise.create("chain", done.id(), Map.of("steps", 2));
    done.waitForStatus("complete");

    browser.open(service.toString());
    browser.waitFor(d -> !browser.findAll("#workflows tr[data-workflow='chain']").isEmpty());
    assertThat(browser.driver().getCurrentUrl()).contains("/dashboard/");
    WebElement complete =
        browser.find("#workflows tr[data-workflow='chain'] td[data-status='complete']");
    assertThat(Integer.parseInt(complete.getText())).isGreaterThanOrEqualTo(1);
    assertThat(browser.findAll("#workflows th"))
        .extracting(WebElement::getText)
        .contains("RUNNING", "WAITING", "ERRORED");
    assertThat(Files.size(browser.screenshot("workflows"))).isPositive();
  }

  @Test
  void theInstancesPageFiltersByStatusAndPages() {
    InstanceProbe done = stepwise.introspect("chain", newId());
    stepwise.create("chain", done.id(), Map.of("steps", 1));
    done.waitForStatus("complete");
    String sleeping = newId();
    stepwise.create("sleepy", sleeping, Map.of("seconds", 600));

    browser.open(page("#/w/chain"));
    browser.waitFor(
        d -> !browser.findAll("#instances tr[data-instance='" + done.id() + "']").isEmpty());
    new Select(browser.find("#status-filter")).selectByVisibleText("complete");
    browser.waitFor(d -> d.getCurrentUrl().contains("status=complete"));
    browser.waitFor(
        d -> !browser.findAll("#instances tr[data-instance='" + done.id() + "']").isEmpty());
    List<String> statuses =
        browser.findAll("#instances tr[data-instance] .status").stream()
            .map(WebElement::getText)
            .toList();
    assertThat(statuses).isNotEmpty().containsOnly("complete");
    browser.screenshot("instances-complete");

    browser.open(page("#/w/sleepy?status=complete"));
    browser.waitFor(d -> !browser.findAll("#instances tbody tr").isEmpty());
    assertThat(browser.findAll("#instances tr[data-instance='" + sleeping + "']")).isEmpty();
    stepwise.call(client -> client.terminate("sleepy", sleeping, false));
  }

  @Test
  void theInstancePageDrawsTheTimelineUpdatesLiveAndItsButtonsOperate() {
    String id = newId();
    stepwise.create("approval", id, Map.of());
    InstanceProbe approval = stepwise.introspect("approval", id);
    approval.waitForStatus("waiting");

    openInstance("approval", id);
    browser.waitFor(
        d ->
            !browser
                .findAll(".row[data-step='wait for approval'][data-status='waiting'] .bar.wait")
                .isEmpty());
    assertThat(browser.findAll(".row[data-step='request approval'] .bar.attempt.ok")).hasSize(1);
    browser.waitForText(
        "#instance-params", "{}"); // the page redraws on every signal: read it once it settled
    browser.screenshot("instance-waiting");

    browser.click("button[data-action='pause']");
    browser.waitForText("#instance-status", "paused");
    browser.waitFor(
        d ->
            browser.find("button[data-action='resume']").isEnabled()
                && !browser.find("button[data-action='pause']").isEnabled());
    browser.click("button[data-action='resume']");
    browser.waitForText("#instance-status", "waiting");

    // A marker on the page: it must survive, so the update below came live, not by a reload.
    ((JavascriptExecutor) browser.driver()).executeScript("window.stepwiseMarker = 'same page';");
    browser.find("#event-type").sendKeys("approval");
    browser.find("#event-payload").sendKeys("{\"approved\": true, \"by\": \"the dashboard\"}");
    browser.find("#event-form button[type='submit']").click();
    browser.waitForText("#instance-status", "complete");
    browser.waitFor(
        d -> !browser.findAll(".row[data-step='record decision'] .bar.attempt.ok").isEmpty());
    assertThat(
            ((JavascriptExecutor) browser.driver()).executeScript("return window.stepwiseMarker;"))
        .isEqualTo("same page");
    browser.waitForText(
        "#instance-output", "\"by\": \"the dashboard\""); // read once the redraw settled
    assertThat(
            browser.findAll(
                ".row[data-step='wait for approval'][data-status='complete'] .bar.wait"))
        .hasSize(1);
    browser.screenshot("instance-complete");
  }

  @Test
  void aSleepAndAFailedAttemptShowAsTheyHappenWithoutAReload() {
    String id = newId();
    browser.open(page("#/w/sleepy"));
    browser.waitFor(d -> !browser.findAll("#trigger-form").isEmpty());
    browser.find("#trigger-id").sendKeys(id);
    assertThat(browser.find("#trigger-params").getAttribute("value"))
        .as("the form starts from the params' defaults")
        .contains("\"seconds\": 1");
    browser.find("#trigger-params").clear();
    browser.find("#trigger-params").sendKeys("{\"seconds\": 2}");
    browser.find("#trigger-form button[type='submit']").click();

    browser.waitFor(d -> d.getCurrentUrl().endsWith("/i/" + id));
    browser.waitFor(
        d -> !browser.findAll(".row[data-step='nap'][data-status='waiting'] .bar.sleep").isEmpty());
    browser.screenshot("instance-sleeping");
    browser.waitForText("#instance-status", "complete");
    assertThat(browser.findAll(".row[data-step='nap'][data-status='complete'] .bar.sleep"))
        .hasSize(1);

    String flaky = newId();
    stepwise.introspect("flaky", flaky).modify(m -> m.disableSleeps());
    stepwise.create("flaky", flaky, Map.of("failures", 2));
    openInstance("flaky", flaky);
    browser.waitForText("#instance-status", "complete");
    assertThat(browser.findAll(".bar.attempt.failed")).hasSize(2);
    assertThat(browser.findAll(".bar.attempt.ok")).isNotEmpty();
    assertThat(browser.findAll(".bar.backoff.past"))
        .as("the back-offs waited out, between attempts")
        .hasSize(2);
    assertThat(browser.findAll(".axis .tick")).as("a time axis with ticks").hasSizeGreaterThan(1);

    // The steps table: every attempt with its start, duration and error, the trace a click away.
    browser.waitFor(d -> browser.findAll("#steps tr[data-type='do'] li[data-attempt]").size() == 3);
    List<WebElement> attempts = browser.findAll("#steps tr[data-type='do'] li[data-attempt]");
    assertThat(attempts.get(0).getText())
        .containsPattern("#1 · \\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z · \\d+ ms")
        .contains("IllegalStateException: attempt 1 fails on purpose");
    assertThat(attempts.get(2).getText()).contains("#3", "ok");
    WebElement trace = browser.find("#steps li[data-attempt='1'] details");
    trace.findElement(By.tagName("summary")).click();
    assertThat(trace.findElement(By.tagName("pre")).getText())
        .contains("at io.stepwise.examples.FlakyWorkflow");
    browser.find("#steps tr[data-type='do'] td.output details summary").click();
    assertThat(browser.find("#steps tr[data-type='do'] td.output pre").getText()).isEqualTo("3");
    assertThat(browser.find("#instance-fields").getText())
        .containsPattern("Created\\s+\\d{4}-\\d{2}-\\d{2}T");
    browser.screenshot("instance-retried");
  }

  @Test
  void terminateAndRestartFromTheInstancePageAndRefusalsAreShown() {
    String id = newId();
    stepwise.create("sleepy", id, Map.of("seconds", 600));
    stepwise.introspect("sleepy", id).waitForStatus("waiting");

    openInstance("sleepy", id);
    browser.waitForText("#instance-status", "waiting");
    browser.click("button[data-action='terminate']");
    browser.waitForText("#instance-status", "terminated");
    browser.waitFor(d -> !browser.find("button[data-action='terminate']").isEnabled());
    assertThat(browser.find("#event-form").isDisplayed())
        .as("an ended instance takes no events")
        .isFalse();

    new Select(browser.find("#restart-from")).selectByVisibleText("from nap");
    browser.click("button[data-action='restart']");
    browser.waitForText("#instance-status", "waiting");
    browser.waitFor(d -> browser.find("#event-form").isDisplayed());
    assertThat(stepwise.instance("sleepy", id).status()).isEqualTo("waiting");

    browser.find("#event-type").sendKeys("not a valid type!");
    browser.find("#event-form button[type='submit']").click();
    browser.waitForText("#notice.error", "event refused");
    browser.click("button[data-action='terminate']");
    browser.waitForText("#instance-status", "terminated");
  }

  @Test
  void listsRefreshThemselvesAndAnInstanceIsFoundByIdAlone() {
    browser.open(page("#/recent"));
    browser.waitFor(d -> !browser.findAll("#instances tbody tr").isEmpty());
    ((JavascriptExecutor) browser.driver()).executeScript("window.stepwiseMarker = 'same page';");
    String id = newId();
    stepwise.create("chain", id, Map.of("steps", 1));
    browser.waitFor(
        d ->
            !browser
                .findAll("#instances tr[data-instance='" + id + "'][data-workflow='chain']")
                .isEmpty());
    browser.waitForText("#instances tr[data-instance='" + id + "'] .status", "complete");
    assertThat(
            ((JavascriptExecutor) browser.driver()).executeScript("return window.stepwiseMarker;"))
        .as("the list refreshed in place, not by a reload")
        .isEqualTo("same page");
    browser.screenshot("recent");

    browser.find("#search-id").sendKeys(id + "\n");
    browser.waitFor(d -> d.getCurrentUrl().endsWith("#/w/chain/i/" + id));
    browser.waitForText("#instance-status", "complete");

    assertThat(browser.find("#search-id").getAttribute("value")).isEmpty();
    browser.find("#search-id").sendKeys("nobody-" + id + "\n");
    browser.waitForText("#not-found", "No workflow has an instance with id nobody-" + id);
  }

  @Test
  void theNewInstanceFormShowsTheParamsSchemaAndTheRefusalNamesTheField() {
    browser.open(page("#/w/order"));
    browser.waitFor(d -> !browser.findAll("#params-fields tr[data-field='cents']").isEmpty());
    assertThat(browser.find("#params-fields tr[data-field='cents']").getText())
        .contains("cents", "integer", "yes", "the amount to charge, in cents");
    assertThat(browser.find("#trigger-params").getAttribute("value"))
        .contains("\"orderId\": \"\"", "\"cents\": 0");
    browser.screenshot("new-instance");

    browser.find("#trigger-params").clear();
    browser
        .find("#trigger-params")
        .sendKeys("{\"orderId\": \"o-1\", \"cents\": 5, \"note\": \"x\"}");
    browser.find("#trigger-form button[type='submit']").click();
    browser.waitForText("#notice.error", "unknown field 'params.note'");
  }

  @Test
  void theDashboardsFilesCarryHeadersThatKeepThemFromBeingFramedOrInjected() {
    for (String file : List.of("/dashboard/", "/dashboard/app.js")) {
      io.restassured.RestAssured.given()
          .when()
          .get(file)
          .then()
          .statusCode(200)
          .header(
              "Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'self'"))
          .header("X-Frame-Options", "DENY")
          .header("X-Content-Type-Options", "nosniff");
    }
  }
}
