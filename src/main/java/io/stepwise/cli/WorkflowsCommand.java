package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code stepwise workflows list|describe}. */
@Command(
    name = "workflows",
    mixinStandardHelpOptions = true,
    description = "The workflows the service runs.",
    subcommands = {WorkflowsCommand.ListWorkflows.class, WorkflowsCommand.Describe.class})
final class WorkflowsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the workflows with how many instances each has in each status.")
  static final class ListWorkflows extends ApiCommand {
    @Override
    void run(ApiClient api) {
      JsonNode workflows = api.get(ApiClient.path());
      if (json()) {
        printJson(workflows);
        return;
      }
      List<String> statuses = new ArrayList<>();
      workflows.path(0).path("instances").fieldNames().forEachRemaining(statuses::add);
      List<String> header = new ArrayList<>(List.of("NAME", "PARAMS"));
      statuses.forEach(s -> header.add(s.toUpperCase()));
      Table table = new Table(header.toArray(String[]::new));
      for (JsonNode workflow : workflows) {
        List<Object> row =
            new ArrayList<>(
                List.of(workflow.path("name").asText(), workflow.path("paramsType").asText()));
        statuses.forEach(s -> row.add(workflow.path("instances").path(s).asLong()));
        table.row(row.toArray());
      }
      table.print(out());
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description =
          "Shows one workflow: its params (each field with its type, whether it is required, its default) and "
              + "its instances by status.")
  static final class Describe extends WorkflowCommand {
    @Override
    void run(ApiClient api) {
      JsonNode described = api.get(ApiClient.path(workflow));
      if (json()) {
        printJson(described);
        return;
      }
      out().println("Workflow:  " + described.path("name").asText());
      out().println("Params:    " + described.path("paramsType").asText());
      printFields(described.path("paramsSchema"));
      out().println();
      Table table = new Table("STATUS", "INSTANCES");
      described
          .path("instances")
          .fields()
          .forEachRemaining(e -> table.row(e.getKey(), e.getValue().asLong()));
      table.print(out());
    }

    /**
     * The params' JSON Schema as a table of fields; a type that is not an object prints its type.
     */
    private void printFields(JsonNode schema) {
      JsonNode properties = schema.path("properties");
      if (properties.isEmpty()) {
        out().println("           (" + kind(schema) + ")");
        return;
      }
      Set<String> required = new HashSet<>();
      schema.path("required").forEach(name -> required.add(name.asText()));
      out().println();
      Table fields = new Table("FIELD", "TYPE", "REQUIRED", "DEFAULT", "DESCRIPTION");
      properties
          .fields()
          .forEachRemaining(
              field ->
                  fields.row(
                      field.getKey(),
                      kind(field.getValue()),
                      required.contains(field.getKey()) ? "yes" : "no",
                      field.getValue().has("default")
                          ? field.getValue().get("default").toString()
                          : "-",
                      field.getValue().path("description").asText("")));
      fields.print(out());
    }

    /** {@code string}, {@code integer}, {@code one of [A, B]}, {@code array}, {@code object}, … */
    private static String kind(JsonNode schema) {
      if (schema.has("enum")) {
        List<String> values = new ArrayList<>();
        schema.get("enum").forEach(v -> values.add(v.asText()));
        return "one of " + values;
      }
      JsonNode type = schema.path("type");
      return type.isMissingNode() ? "any" : type.isArray() ? type.toString() : type.asText();
    }
  }
}
