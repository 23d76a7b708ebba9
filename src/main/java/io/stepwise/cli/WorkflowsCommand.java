package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code stepwise workflows list|describe}. */
@Command(name = "workflows", mixinStandardHelpOptions = true, description = "The workflows the service runs.",
    subcommands = {WorkflowsCommand.ListWorkflows.class, WorkflowsCommand.Describe.class})
final class WorkflowsCommand {

  @Command(name = "list", mixinStandardHelpOptions = true,
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
        List<Object> row = new ArrayList<>(List.of(workflow.path("name").asText(), workflow.path("paramsType").asText()));
        statuses.forEach(s -> row.add(workflow.path("instances").path(s).asLong()));
        table.row(row.toArray());
      }
      table.print(out());
    }
  }

  @Command(name = "describe", mixinStandardHelpOptions = true,
      description = "Shows one workflow: its params type and its instances by status.")
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
      out().println();
      Table table = new Table("STATUS", "INSTANCES");
      described.path("instances").fields().forEachRemaining(e -> table.row(e.getKey(), e.getValue().asLong()));
      table.print(out());
    }
  }
}
