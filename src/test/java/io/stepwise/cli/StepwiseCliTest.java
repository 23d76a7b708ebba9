package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.testkit.InstanceProbe;
import io.stepwise.testkit.StepwiseTestKit;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The {@code stepwise} command line against the live service of the test. */
@QuarkusTest
class StepwiseCliTest {

  @TestHTTPResource("/")
  URL service;

  @Inject StepwiseTestKit stepwise;

  /** One run of the command line: its exit code and what it printed. */
  record Run(int code, String out, String err) {
    JsonNode json() {
      try {
        return ApiClient.JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        StepwiseCli.run(service.toString(), null, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  String status(String workflow, String id) {
    return cli("instances", "describe", workflow, id, "--json").json().path("status").asText();
  }

  String trigger(String workflow, String params) {
    String id = "cli-" + UUID.randomUUID();
    Run run = cli("trigger", workflow, params, "--id", id);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Created instance " + id + " of " + workflow);
    return id;
  }

  @Test
  void triggerWaitsForTheEndAndSaysHowItEnded() {
    Run complete = cli("trigger", "chain", "{\"steps\": 3}", "--wait", "30s");
    assertThat(complete.code()).as(complete.err()).isZero();
    assertThat(complete.out()).contains("complete, output: 3");

    Run failed = cli("trigger", "failing", "{}", "--wait", "1m", "--json");
    assertThat(failed.code())
        .as(failed.out() + failed.err())
        .isEqualTo(CliException.ENDED_UNSUCCESSFULLY);
    assertThat(failed.json().path("status").asText()).isEqualTo("errored");

    Run running = cli("trigger", "sleepy", "{\"seconds\": 600}", "--wait", "200ms");
    assertThat(running.code()).isEqualTo(CliException.STILL_RUNNING);
    assertThat(running.out()).contains("after 200ms");

    Run refused = cli("trigger", "chain", "{}", "--wait", "an hour");
    assertThat(refused.code()).isEqualTo(CliException.REFUSED);
    assertThat(refused.err()).contains("wait 'an hour'");
  }

  @Test
  void listsAndDescribesWorkflowsWithTheirInstanceCounts() {
    String id = trigger("chain", "{\"steps\": 2}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status("chain", id).equals("complete"));

    Run table = cli("workflows", "list");
    assertThat(table.code()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .contains("NAME", "PARAMS", "RUNNING", "COMPLETE");
    assertThat(table.out()).contains("chain", "workflows-starter", "approval");

    JsonNode workflows = cli("workflows", "list", "--json").json();
    JsonNode chain = null;
    for (JsonNode w : workflows) {
      if (w.path("name").asText().equals("chain")) {
        chain = w;
      }
    }
    assertThat(chain).isNotNull();
    assertThat(chain.path("instances").path("complete").asLong()).isGreaterThanOrEqualTo(1);

    Run describe = cli("workflows", "describe", "chain");
    assertThat(describe.out())
        .contains("Workflow:  chain", "Params:    ChainWorkflow.Params", "complete");
    assertThat(describe.out().lines().filter(l -> l.startsWith("steps")))
        .as("each field with its type, whether required, its default")
        .singleElement()
        .asString()
        .containsPattern("steps\\s+integer\\s+no\\s+10");
    assertThat(
            cli("workflows", "describe", "order").out().lines().filter(l -> l.startsWith("cents")))
        .singleElement()
        .asString()
        .containsPattern("cents\\s+integer\\s+yes\\s+-\\s+the amount to charge, in cents");
    Run unknown = cli("workflows", "describe", "no-such-workflow");
    assertThat(unknown.code()).isEqualTo(CliException.REFUSED);
    assertThat(unknown.err()).contains("HTTP 404", "no-such-workflow");
  }

  @Test
  void describesAnInstanceWithItsStepsOutputsAndTruncation() {
    String id = trigger("chain", "{\"steps\": 3}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status("chain", id).equals("complete"));

    Run describe = cli("instances", "describe", "chain", id, "--step-output");
    assertThat(describe.code()).as(describe.err()).isZero();
    assertThat(describe.out())
        .contains(
            "Instance:  " + id, "Status:    complete", "Output:    3", "Params:    {\"steps\":3}");
    assertThat(describe.out()).contains("STEP", "OUTPUT");
    List<String> stepRows = describe.out().lines().filter(l -> l.startsWith("increment")).toList();
    assertThat(stepRows).hasSize(3);

    Run cut = cli("instances", "describe", "chain", id, "--truncate-output-limit", "4");
    assertThat(cut.out()).contains("Params:    {\"st… (7 more characters)");

    JsonNode latest = cli("instances", "describe", "chain", "--json").json();
    assertThat(latest.path("workflow").asText()).isEqualTo("chain");
  }

  /** The README's walkthrough, steps 4 to 6, command by command, on the shipped order example. */
  @Test
  void theWalkthroughsCommandsWorkAsWritten() {
    String shipped = "walk-" + UUID.randomUUID();
    try (InstanceProbe probe = stepwise.introspect("order", shipped)) {
      probe.modify(m -> m.disableSleeps()); // its 14-day cooling-off period
      Run trigger =
          cli("trigger", "order", "{\"orderId\": \"o-1\", \"cents\": 500}", "--id", shipped);
      assertThat(trigger.code()).as(trigger.err()).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status("order", shipped).equals("complete"));

      assertThat(cli("instances", "list", "order").out()).contains(shipped);
      assertThat(cli("instances", "describe", "order", shipped, "--step-output").out())
          .contains("charge card", "cooling-off period", "ship", "\"parcel-o-1\"");
      Run restart = cli("instances", "restart", "order", shipped, "--from-step-name", "ship");
      assertThat(restart.code()).as(restart.err()).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status("order", shipped).equals("complete"));
      assertThat(cli("instances", "delete", "order", shipped).code()).isZero();
    }

    String sleeping = trigger("order", "{\"orderId\": \"o-2\", \"cents\": 500}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status("order", sleeping).equals("waiting"));
    assertThat(cli("instances", "pause", "order", sleeping).code()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> status("order", sleeping).equals("paused"));
    assertThat(cli("instances", "resume", "order", sleeping).code()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> status("order", sleeping).equals("waiting"));
    Run terminate = cli("instances", "terminate", "order", sleeping, "--rollback");
    assertThat(terminate.code()).as(terminate.err()).isZero();
    assertThat(terminate.out()).contains(": rolling back").doesNotContain(": running");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status("order", sleeping).equals("terminated"));
    // the sleep it was in will never end: it reads cancelled, not waiting
    JsonNode cooling =
        cli("instances", "describe", "order", sleeping, "--json").json().path("steps").get(1);
    assertThat(cooling.path("name").asText()).isEqualTo("cooling-off period");
    assertThat(cooling.path("status").asText()).isEqualTo("cancelled");

    String another = trigger("order", "{\"orderId\": \"o-3\", \"cents\": 500}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status("order", another).equals("waiting"));
    assertThat(cli("instances", "terminate-all", "order").code()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status("order", another).equals("terminated"));
  }

  @Test
  void publishesATriggerAndAnEventOnKafkaForTheServiceToTake() {
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    String id = "cli-kafka-" + UUID.randomUUID();
    Run trigger =
        cli(
            "trigger",
            "approval",
            "{\"timeoutSeconds\": 300}",
            "--id",
            id,
            "--via-kafka",
            "--bootstrap-servers",
            bootstrap);
    assertThat(trigger.code()).as(trigger.err()).isZero();
    assertThat(trigger.out())
        .contains("Published a trigger of approval for instance " + id, "(stepwise.triggers-");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> status("approval", id).equals("waiting"));

    Run event =
        cli(
            "instances",
            "send-event",
            "approval",
            id,
            "--type",
            "approval",
            "--payload",
            "{\"approved\": true}",
            "--via-kafka",
            "--bootstrap-servers",
            bootstrap);
    assertThat(event.code()).as(event.err()).isZero();
    assertThat(event.out()).contains("Published event approval for instance " + id);
    await().atMost(Duration.ofSeconds(30)).until(() -> status("approval", id).equals("complete"));

    Run waiting =
        cli("trigger", "approval", "--via-kafka", "--wait", "5s", "--bootstrap-servers", bootstrap);
    assertThat(waiting.code()).isEqualTo(2);
    assertThat(waiting.err()).contains("--wait needs the REST API");
  }

  @Test
  void listsInstancesByPageNewestOrOldestFirstAndByStatus() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(trigger("sleepy", "{\"seconds\": 600}"));
    }
    // what has not happened yet reads "-", as in the tables
    assertThat(cli("instances", "describe", "sleepy", ids.get(0)).out())
        .contains("Ended:     -")
        .doesNotContain("null");
    JsonNode secondPage =
        cli("instances", "list", "sleepy", "--per-page", "2", "--page", "2", "--json").json();
    assertThat(secondPage.path("instances").findValuesAsText("id"))
        .containsExactly(ids.get(2), ids.get(1));

    JsonNode oldestFirst =
        cli("instances", "list", "sleepy", "--reverse", "--per-page", "100", "--json").json();
    assertThat(oldestFirst.path("instances").findValuesAsText("id")).containsSubsequence(ids);

    Run table = cli("instances", "list", "sleepy", "--per-page", "2");
    assertThat(table.out()).contains("ID", "STATUS", ids.get(4), ids.get(3), "More: --page 2");

    Run terminateAll = cli("instances", "terminate-all", "sleepy");
    assertThat(terminateAll.code()).as(terminateAll.err()).isZero();
    assertThat(terminateAll.out()).startsWith("Terminated ");
    ids.forEach(id -> assertThat(status("sleepy", id)).isEqualTo("terminated"));

    JsonNode terminated =
        cli("instances", "list", "sleepy", "--status", "terminated", "--per-page", "100", "--json")
            .json();
    assertThat(terminated.path("instances").findValuesAsText("id")).containsAll(ids);
    Run badStatus = cli("instances", "list", "sleepy", "--status", "sleeping");
    assertThat(badStatus.code()).isEqualTo(CliException.REFUSED);
    assertThat(badStatus.err()).contains("HTTP 400", "unknown status 'sleeping'");
  }

  @Test
  void pausesResumesRestartsAndTerminatesAnInstance() {
    String id = trigger("sleepy", "{\"seconds\": 600}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status("sleepy", id).equals("waiting"));

    assertThat(cli("instances", "pause", "sleepy", id).out())
        .contains("Instance " + id + " of sleepy: paused");
    assertThat(status("sleepy", id)).isEqualTo("paused");
    assertThat(cli("instances", "resume", "sleepy", id, "--json").json().path("status").asText())
        .isIn("running", "waiting", "queued");
    await().atMost(Duration.ofSeconds(30)).until(() -> status("sleepy", id).equals("waiting"));

    Run restart = cli("instances", "restart", "sleepy", id, "--from-step-name", "nap");
    assertThat(restart.code()).as(restart.err()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> status("sleepy", id).equals("waiting"));

    assertThat(cli("instances", "terminate", "sleepy", id).out()).contains(": terminated");
    Run again = cli("instances", "pause", "sleepy", id);
    assertThat(again.code()).isEqualTo(CliException.REFUSED);
    assertThat(again.err()).contains("HTTP 409");
  }

  @Test
  void sendsAnEventThatTheInstanceWaitsFor() {
    String id = trigger("approval", "{}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status("approval", id).equals("waiting"));

    Run sent =
        cli(
            "instances",
            "send-event",
            "approval",
            id,
            "--type",
            "approval",
            "--payload",
            "{\"approved\": true}");
    assertThat(sent.code()).as(sent.err()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> status("approval", id).equals("complete"));
    assertThat(
            cli("instances", "describe", "approval", id, "--json")
                .json()
                .path("output")
                .path("approved")
                .asBoolean())
        .isTrue();

    Run badPayload =
        cli("instances", "send-event", "approval", id, "--type", "approval", "--payload", "{nope");
    assertThat(badPayload.code()).isEqualTo(CliException.USAGE);
    assertThat(badPayload.err()).contains("--payload is not valid JSON");
  }

  @Test
  void deletesNamedInstancesAndSaysWhichWereNotFound() {
    String id = trigger("chain", "{\"steps\": 1}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status("chain", id).equals("complete"));

    Run delete = cli("instances", "delete", "chain", id, "cli-never-was");
    assertThat(delete.code()).as(delete.err()).isZero();
    assertThat(delete.out()).contains("Deleted 1 instance(s) of chain", "Not found: cli-never-was");
    assertThat(cli("instances", "describe", "chain", id).err()).contains("HTTP 404");

    Run neither = cli("instances", "delete", "chain");
    assertThat(neither.code()).isEqualTo(CliException.USAGE);
    assertThat(neither.err()).contains("name the instances to delete, or give --status");
  }

  @Test
  void answersUsageErrorsHelpAndAnUnreachableServiceClearly() {
    Run help = cli("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("workflows", "trigger", "instances", "STEPWISE_API_KEY");
    assertThat(cli("instances", "restart", "--help").out())
        .contains("--from-step-name", "--from-step-count");

    Run missing = cli("trigger");
    assertThat(missing.code()).isEqualTo(CliException.USAGE);
    assertThat(missing.err()).contains("Missing required parameter: 'NAME'");

    Run badParams = cli("trigger", "chain", "{steps: 2");
    assertThat(badParams.code()).isEqualTo(CliException.USAGE);
    assertThat(badParams.err()).contains("PARAMS_JSON is not valid JSON");

    StringWriter err = new StringWriter();
    int code =
        StepwiseCli.run(
            "http://127.0.0.1:1",
            null,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "workflows",
            "list");
    assertThat(code).isEqualTo(CliException.UNREACHABLE);
    assertThat(err.toString()).contains("cannot reach Stepwise at http://127.0.0.1:1");
  }
}
