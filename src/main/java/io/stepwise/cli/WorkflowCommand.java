package io.stepwise.cli;

import picocli.CommandLine.Parameters;

/** A command about one workflow: its name is the first parameter. */
abstract class WorkflowCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The workflow.")
  String workflow;
}
