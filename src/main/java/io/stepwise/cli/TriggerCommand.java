package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stepwise trigger NAME [PARAMS_JSON] [--id ID]}: creates an instance. */
@Command(name = "trigger", mixinStandardHelpOptions = true, description = "Creates and starts an instance of a workflow.")
final class TriggerCommand extends WorkflowCommand {

  @Parameters(index = "1", arity = "0..1", paramLabel = "PARAMS_JSON", description = "The instance's params, as JSON.")
  String params;

  @Option(names = "--id", paramLabel = "ID", description = "The instance's id (default: a new UUID).")
  String id;

  @Override
  void run(ApiClient api) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (id != null) {
      body.put("id", id);
    }
    if (params != null) {
      body.set("params", parseJson("PARAMS_JSON", params));
    }
    JsonNode created = api.post(ApiClient.path(workflow, "instances"), body);
    if (json()) {
      printJson(created);
    } else {
      out().println("Created instance " + created.path("id").asText() + " of " + workflow
          + " (" + created.path("status").asText() + ")");
    }
  }
}
