package io.stepwise.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that calls the service shares: the client, the output and the JSON switch. */
abstract class ApiCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    run(root().api());
    return 0;
  }

  abstract void run(ApiClient api);

  StepwiseCli root() {
    return (StepwiseCli) spec.root().userObject();
  }

  boolean json() {
    return root().json;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  void printJson(JsonNode node) {
    try {
      out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new CliException(
          CliException.UNREACHABLE, "cannot print the answer: " + e.getMessage());
    }
  }

  /** A JSON argument the user typed, read or refused as a usage error naming the argument. */
  static JsonNode parseJson(String what, String text) {
    try {
      return ApiClient.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CliException(
          CliException.USAGE, what + " is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
