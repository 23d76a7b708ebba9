package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.httpclient.StepwiseHttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stepwise instances ...}: list, inspect and operate the instances of a workflow. */
@Command(
    name = "instances",
    mixinStandardHelpOptions = true,
    description = "The instances of a workflow.",
    subcommands = {
      InstancesCommand.ListInstances.class, InstancesCommand.Describe.class,
          InstancesCommand.SendEvent.class,
      InstancesCommand.Pause.class, InstancesCommand.Resume.class, InstancesCommand.Terminate.class,
      InstancesCommand.Restart.class, InstancesCommand.TerminateAll.class,
          InstancesCommand.Delete.class
    })
final class InstancesCommand {

  /** The statuses in which an instance can still be terminated. */
  static final List<String> UNFINISHED =
      List.of("queued", "running", "paused", "waiting", "waitingForPause");

  static final int MAX_PER_PAGE = 100;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists instances, newest first.")
  static final class ListInstances extends WorkflowCommand {
    @Option(names = "--status", paramLabel = "S", description = "Only instances in this status.")
    String status;

    @Option(names = "--reverse", description = "Oldest first.")
    boolean reverse;

    @Option(
        names = "--page",
        paramLabel = "N",
        defaultValue = "1",
        description = "The page (default: 1).")
    int page;

    @Option(
        names = "--per-page",
        paramLabel = "M",
        defaultValue = "25",
        description = "Instances per page, 1 to 100 (default: 25).")
    int perPage;

    @Override
    void run(ApiClient api) {
      if (page < 1 || perPage < 1 || perPage > MAX_PER_PAGE) {
        throw new CliException(
            CliException.USAGE, "--page is from 1, --per-page from 1 to " + MAX_PER_PAGE);
      }
      // The API pages by cursor: page N is reached by following N-1 cursors.
      JsonNode list = null;
      String cursor = null;
      for (int i = 1; i <= page; i++) {
        list = listPage(api, workflow, status, reverse, perPage, cursor);
        cursor = list.path("nextCursor").isTextual() ? list.get("nextCursor").asText() : null;
        if (cursor == null && i < page) {
          list =
              ApiClient.JSON.createObjectNode().set("instances", ApiClient.JSON.createArrayNode());
          break;
        }
      }
      if (json()) {
        ((ObjectNode) list).put("page", page);
        printJson(list);
        return;
      }
      Table table = new Table("ID", "STATUS", "CREATED", "STARTED", "ENDED");
      for (JsonNode instance : list.path("instances")) {
        table.row(
            instance.path("id").asText(),
            instance.path("status").asText(),
            time(instance, "createdAt"),
            time(instance, "startedAt"),
            time(instance, "endedAt"));
      }
      if (table.isEmpty()) {
        out()
            .println(
                "No instances"
                    + (status == null ? "" : " with status " + status)
                    + " on page "
                    + page
                    + ".");
        return;
      }
      table.print(out());
      if (cursor != null) {
        out().println("More: --page " + (page + 1));
      }
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Shows an instance: status, params, output, error and its steps.")
  static final class Describe extends WorkflowCommand {
    @Parameters(
        index = "1",
        arity = "0..1",
        defaultValue = "latest",
        paramLabel = "ID",
        description = "The instance, or 'latest' (the default).")
    String id;

    @Option(names = "--step-output", description = "Show each step's output.")
    boolean stepOutput;

    @Option(
        names = "--truncate-output-limit",
        paramLabel = "N",
        defaultValue = "5000",
        description = "Cut params and outputs longer than N characters (default: 5000).")
    int truncateLimit;

    @Override
    void run(ApiClient api) {
      JsonNode instance = api.get(ApiClient.path(workflow, "instances", id));
      if (json()) {
        printJson(instance);
        return;
      }
      out().println("Workflow:  " + instance.path("workflow").asText());
      out().println("Instance:  " + instance.path("id").asText());
      out().println("Status:    " + instance.path("status").asText());
      out().println("Created:   " + orAbsent(time(instance, "createdAt")));
      out().println("Started:   " + orAbsent(time(instance, "startedAt")));
      out().println("Ended:     " + orAbsent(time(instance, "endedAt")));
      out().println("Params:    " + truncate(instance.get("params")));
      out().println("Output:    " + truncate(instance.get("output")));
      if (instance.hasNonNull("error")) {
        out().println("Error:     " + errorText(instance.get("error")));
      }
      if (instance.hasNonNull("rollback")) {
        out().println("Rollback:  " + instance.path("rollback").path("status").asText());
      }
      out().println();
      List<String> header =
          new ArrayList<>(
              List.of("STEP", "TYPE", "STATUS", "ATTEMPTS", "STARTED", "DURATION", "DETAIL"));
      if (stepOutput) {
        header.add("OUTPUT");
      }
      Table steps = new Table(header.toArray(String[]::new));
      for (JsonNode step : instance.path("steps")) {
        // Arrays.asList, not List.of: a step that has not ended has no duration (null cells print
        // "-").
        List<Object> row =
            new ArrayList<>(
                Arrays.asList(
                    step.path("name").asText()
                        + (step.path("count").asInt() > 1 ? "#" + step.path("count").asInt() : ""),
                    step.path("type").asText(),
                    step.path("status").asText(),
                    step.path("attempts").size(),
                    time(step, "startedAt"),
                    duration(step),
                    detail(step)));
        if (stepOutput) {
          row.add(truncate(step.get("output")));
        }
        steps.row(row.toArray());
      }
      if (steps.isEmpty()) {
        out().println("No steps yet.");
      } else {
        steps.print(out());
      }
    }

    private String truncate(JsonNode value) {
      if (value == null || value.isNull()) {
        return "-";
      }
      String text = value.toString();
      return text.length() <= truncateLimit
          ? text
          : text.substring(0, Math.max(0, truncateLimit))
              + "… ("
              + (text.length() - truncateLimit)
              + " more characters)";
    }

    private static String detail(JsonNode step) {
      if (step.hasNonNull("error")) {
        return errorText(step.get("error"));
      }
      if (step.hasNonNull("eventType")) {
        return "event " + step.get("eventType").asText();
      }
      if (step.hasNonNull("wakeAt")) {
        return "until " + step.get("wakeAt").asText();
      }
      return null;
    }

    private static String duration(JsonNode step) {
      if (!step.hasNonNull("startedAt") || !step.hasNonNull("endedAt")) {
        return null;
      }
      Duration took =
          Duration.between(
              Instant.parse(step.get("startedAt").asText()),
              Instant.parse(step.get("endedAt").asText()));
      return took.toMillis() < 10_000 ? took.toMillis() + " ms" : took.toSeconds() + " s";
    }
  }

  @Command(
      name = "send-event",
      mixinStandardHelpOptions = true,
      description =
          "Sends an event to an instance (kept until its waitForEvent of that type takes it).")
  static final class SendEvent extends InstanceCommand {
    @Option(names = "--type", required = true, paramLabel = "T", description = "The event type.")
    String type;

    @Option(
        names = "--payload",
        paramLabel = "JSON",
        description = "The event's payload, as JSON (default: null).")
    String payload;

    @Option(
        names = "--event-id",
        paramLabel = "ID",
        description =
            "Names the event, so that sending it again stores it once (an idempotency key).")
    String eventId;

    @Mixin KafkaOptions kafka = new KafkaOptions();

    @Override
    void run(ApiClient api) {
      if (kafka.viaKafka) {
        // {"workflow", "id", "type", "payload"?} on stepwise.events, keyed by the instance
        ObjectNode event =
            ApiClient.JSON
                .createObjectNode()
                .put("workflow", workflow)
                .put("id", id)
                .put("type", type);
        if (payload != null) {
          event.set("payload", parseJson("--payload", payload));
        }
        if (eventId != null) {
          event.put("eventId", eventId);
        }
        String at = TopicPublisher.publish(kafka.bootstrapServers(), "stepwise.events", id, event);
        out()
            .println(
                json()
                    ? ApiClient.JSON.createObjectNode().put("published", at).toString()
                    : "Published event "
                        + type
                        + " for instance "
                        + id
                        + " of "
                        + workflow
                        + " ("
                        + at
                        + ")");
        return;
      }
      String body = payload == null ? "null" : parseJson("--payload", payload).toString();
      JsonNode sent =
          api.post(
              ApiClient.path(workflow, "instances", id, "events", type),
              body,
              eventId == null ? Map.of() : Map.of(StepwiseHttpClient.IDEMPOTENCY_KEY, eventId));
      if (json()) {
        printJson(sent);
      } else {
        out()
            .println(
                (sent != null && sent.path("duplicate").asBoolean()
                        ? "Already sent: event "
                        : "Sent event ")
                    + type
                    + " to instance "
                    + id
                    + " of "
                    + workflow);
      }
    }
  }

  /** The commands that change an instance's status with a PATCH. */
  abstract static class StatusChange extends InstanceCommand {
    abstract Map<String, Object> change();

    @Override
    void run(ApiClient api) {
      JsonNode changed = api.patch(ApiClient.path(workflow, "instances", id, "status"), change());
      if (json()) {
        printJson(changed);
      } else {
        out()
            .println(
                "Instance "
                    + changed.path("id").asText()
                    + " of "
                    + workflow
                    + ": "
                    + said(changed.path("status").asText()));
      }
    }

    /** What the new status means to the user. */
    String said(String status) {
      return status;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pauses an instance after its current step.")
  static final class Pause extends StatusChange {
    @Override
    Map<String, Object> change() {
      return Map.of("status", "pause");
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resumes a paused instance.")
  static final class Resume extends StatusChange {
    @Override
    Map<String, Object> change() {
      return Map.of("status", "resume");
    }
  }

  @Command(
      name = "terminate",
      mixinStandardHelpOptions = true,
      description = "Ends an instance for good.")
  static final class Terminate extends StatusChange {
    @Option(
        names = "--rollback",
        description = "Run the compensations of its completed steps first.")
    boolean rollback;

    @Override
    String said(String status) {
      // "running" here is the rollback at work, not the instance going on
      return rollback && !status.equals("terminated")
          ? "rolling back (its compensations run, then it ends terminated; follow with instances describe)"
          : status;
    }

    @Override
    Map<String, Object> change() {
      return Map.of("status", "terminate", "rollback", rollback);
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description =
          "Runs an instance again from the start, or from a step (the steps before it keep their results).")
  static final class Restart extends StatusChange {
    @ArgGroup(exclusive = false)
    FromStep from;

    static final class FromStep {
      @Option(
          names = "--from-step-name",
          required = true,
          paramLabel = "S",
          description = "Restart from this step.")
      String name;

      @Option(
          names = "--from-step-count",
          paramLabel = "N",
          defaultValue = "1",
          description = "Its occurrence, for a step run in a loop (default: 1).")
      int count;
    }

    @Override
    Map<String, Object> change() {
      return from == null
          ? Map.of("status", "restart")
          : Map.of("status", "restart", "from", Map.of("name", from.name, "count", from.count));
    }
  }

  @Command(
      name = "terminate-all",
      mixinStandardHelpOptions = true,
      description = "Terminates every unfinished instance of a workflow (or those in one status).")
  static final class TerminateAll extends WorkflowCommand {
    @Option(names = "--status", paramLabel = "S", description = "Only instances in this status.")
    String status;

    @Override
    void run(ApiClient api) {
      List<String> ids = new ArrayList<>();
      for (String s : status == null ? UNFINISHED : List.of(status)) {
        ids.addAll(allIds(api, workflow, s));
      }
      ArrayNode terminated = ApiClient.JSON.createArrayNode();
      int ended = 0;
      for (String id : ids) {
        if (terminate(api, id)) {
          terminated.add(id);
        } else {
          ended++;
        }
      }
      reportTerminated(terminated, ended);
    }

    /**
     * Terminates one instance; false when it ended (or was deleted) since the listing. A 409 for an
     * instance that has not ended means it changed while the terminate was applied (a step
     * committed at that moment): tried again.
     */
    private boolean terminate(ApiClient api, String id) {
      for (int attempt = 1; ; attempt++) {
        try {
          api.patch(
              ApiClient.path(workflow, "instances", id, "status"), Map.of("status", "terminate"));
          return true;
        } catch (CliException refused) {
          if (refused.httpStatus() == 404) {
            return false;
          }
          if (refused.httpStatus() != 409) {
            throw refused;
          }
          String now = api.get(ApiClient.path(workflow, "instances", id)).path("status").asText();
          if (!UNFINISHED.contains(now)) {
            return false;
          }
          if (attempt == 5) {
            throw refused;
          }
        }
      }
    }

    private void reportTerminated(ArrayNode terminated, int ended) {
      if (json()) {
        printJson(ApiClient.JSON.createObjectNode().set("terminated", terminated));
      } else {
        out()
            .println(
                "Terminated "
                    + terminated.size()
                    + " instance(s) of "
                    + workflow
                    + (ended > 0 ? " (" + ended + " ended by themselves meanwhile)" : ""));
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes instances with their steps: those named, or all in a finished status.")
  static final class Delete extends WorkflowCommand {
    static final List<String> FINISHED = List.of("complete", "errored", "terminated");

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "The instances.")
    List<String> ids = new ArrayList<>();

    @Option(
        names = "--status",
        paramLabel = "S",
        description =
            "Instead of ids: every instance in this finished status "
                + "(complete, errored or terminated).")
    String status;

    @Override
    void run(ApiClient api) {
      if (ids.isEmpty() == (status == null)) {
        throw new CliException(
            CliException.USAGE, "name the instances to delete, or give --status (not both)");
      }
      if (status != null && !FINISHED.contains(status)) {
        throw new CliException(
            CliException.USAGE,
            "--status must be a finished status: " + String.join(", ", FINISHED));
      }
      List<String> targets = status == null ? ids : allIds(api, workflow, status);
      ArrayNode deleted = ApiClient.JSON.createArrayNode();
      for (int i = 0; i < targets.size(); i += MAX_PER_PAGE) {
        List<String> batch = targets.subList(i, Math.min(targets.size(), i + MAX_PER_PAGE));
        api.delete(ApiClient.path(workflow, "instances") + ApiClient.query(Map.of("id", batch)))
            .path("deleted")
            .forEach(deleted::add);
      }
      if (json()) {
        printJson(ApiClient.JSON.createObjectNode().set("deleted", deleted));
        return;
      }
      out().println("Deleted " + deleted.size() + " instance(s) of " + workflow);
      List<String> missing = new ArrayList<>(targets);
      deleted.forEach(id -> missing.remove(id.asText()));
      if (!missing.isEmpty()) {
        out().println("Not found: " + String.join(", ", missing));
      }
    }
  }

  static JsonNode listPage(
      ApiClient api,
      String workflow,
      String status,
      boolean oldestFirst,
      int limit,
      String cursor) {
    return api.get(
        ApiClient.path(workflow, "instances")
            + ApiClient.query(
                ApiClient.params(
                    "status",
                    status,
                    "limit",
                    limit,
                    "cursor",
                    cursor,
                    "order",
                    oldestFirst ? "oldest" : null)));
  }

  /** Every instance id of the workflow in the status, oldest first. */
  static List<String> allIds(ApiClient api, String workflow, String status) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = listPage(api, workflow, status, true, MAX_PER_PAGE, cursor);
      page.path("instances").forEach(i -> ids.add(i.path("id").asText()));
      cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
    } while (cursor != null);
    return ids;
  }

  static String time(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  /** One marker for a value that is not there, as the tables print it. */
  static String orAbsent(String value) {
    return value == null ? "-" : value;
  }

  static String errorText(JsonNode error) {
    return error.path("name").asText() + ": " + error.path("message").asText();
  }
}
