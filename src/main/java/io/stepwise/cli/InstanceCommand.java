package io.stepwise.cli;

import picocli.CommandLine.Parameters;

/** A command about one instance: the workflow's name, then the instance's id. */
abstract class InstanceCommand extends WorkflowCommand {

  @Parameters(index = "1", paramLabel = "ID", description = "The instance.")
  String id;
}
