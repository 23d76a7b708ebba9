package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stepwise trigger NAME [PARAMS_JSON] [--id ID]}: creates an instance. */
@Command(
    name = "trigger",
    mixinStandardHelpOptions = true,
    description = "Creates and starts an instance of a workflow.")
final class TriggerCommand extends WorkflowCommand {

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PARAMS_JSON",
      description = "The instance's params, as JSON.")
  String params;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "The instance's id (default: a new UUID).")
  String id;

  @Option(
      names = "--wait",
      paramLabel = "WAIT",
      description =
          "Wait up to WAIT (500ms, 30s, 5m or PT30S; at most 5m) for the instance to end and print how it"
              + " ended. Exit code 0: complete; 4: errored or terminated; 5: still running when the wait passed.")
  String waitFor;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Override
  void run(ApiClient api) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (id != null) {
      body.put("id", id);
    }
    if (params != null) {
      body.set("params", parseJson("PARAMS_JSON", params));
    }
    if (kafka.viaKafka) {
      publish(body);
      return;
    }
    if (waitFor != null) {
      triggerAndWait(api, body);
      return;
    }
    JsonNode created = api.post(ApiClient.path(workflow, "instances"), body);
    if (json()) {
      printJson(created);
    } else {
      out()
          .println(
              "Created instance "
                  + created.path("id").asText()
                  + " of "
                  + workflow
                  + " ("
                  + created.path("status").asText()
                  + ")");
    }
  }

  /**
   * Publishes the trigger ({@code {"workflow", "id"?, "params"?}}) on stepwise.triggers, keyed by
   * the instance id when there is one. The service creates the instance when it reads the record;
   * one it cannot take goes to its dead-letter topic with the reason.
   */
  private void publish(ObjectNode body) {
    if (waitFor != null) {
      throw new CliException(
          CliException.USAGE, "--wait needs the REST API: leave out --via-kafka");
    }
    ObjectNode trigger = ApiClient.JSON.createObjectNode().put("workflow", workflow);
    trigger.setAll(body);
    String at = TopicPublisher.publish(kafka.bootstrapServers(), "stepwise.triggers", id, trigger);
    if (json()) {
      printJson(ApiClient.JSON.createObjectNode().put("published", at).set("trigger", trigger));
    } else {
      out()
          .println(
              "Published a trigger of "
                  + workflow
                  + (id == null ? "" : " for instance " + id)
                  + " ("
                  + at
                  + ")");
    }
  }

  /**
   * Creates the instance and waits for it on the service (its create-and-wait, not a polling loop).
   */
  private void triggerAndWait(ApiClient api, ObjectNode body) {
    // the service refuses a malformed or too long wait with a message that says why
    JsonNode view =
        api.post(
            ApiClient.path(workflow, "instances")
                + ApiClient.query(ApiClient.params("wait", waitFor)),
            body,
            Duration.ofMinutes(6));
    String instance = view.path("id").asText();
    String status = view.path("status").asText();
    boolean failed = status.equals("errored") || status.equals("terminated");
    if (json()) {
      printJson(view);
    } else if (status.equals("complete")) {
      out()
          .println(
              "Instance "
                  + instance
                  + " of "
                  + workflow
                  + " complete, output: "
                  + view.path("output"));
    } else if (failed) {
      JsonNode error = view.path("error");
      out()
          .println(
              "Instance "
                  + instance
                  + " of "
                  + workflow
                  + " "
                  + status
                  + (error.hasNonNull("message") ? ": " + error.path("message").asText() : ""));
    } else {
      out()
          .println(
              "Instance "
                  + instance
                  + " of "
                  + workflow
                  + " still "
                  + status
                  + " after "
                  + waitFor);
    }
    if (failed) {
      throw new CliException(
          CliException.ENDED_UNSUCCESSFULLY, "instance " + instance + " " + status);
    } else if (!status.equals("complete")) {
      throw new CliException(
          CliException.STILL_RUNNING, "instance " + instance + " has not ended after " + waitFor);
    }
  }
}
