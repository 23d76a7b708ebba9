package io.stepwise.testworkflows;

import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Workflows of unusual shapes, for the status transitions they take: {@code instant} returns at
 * once; {@code sleeps} sleeps twice then returns; {@code sleepThenFail} sleeps then throws; {@code
 * bigResult} returns a step result over the 1 MiB limit.
 */
@WorkflowName("shapes")
@ApplicationScoped
public class ShapesWorkflow implements Workflow<ShapesWorkflow.Params, String> {

  public record Params(String shape) {}

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    switch (event.params().shape()) {
      case "instant":
        return "nothing to do";
      case "sleeps":
        step.sleep("first", Duration.ofMillis(300));
        step.sleep("second", Duration.ofMillis(300));
        return "slept twice";
      case "sleepThenFail":
        step.sleep("first", Duration.ofMillis(300));
        throw new IllegalStateException("failed after sleeping");
      case "bigResult":
        return step.run("big", String.class, ctx -> "x".repeat(1_200_000));
      default:
        throw new IllegalArgumentException("unknown shape " + event.params().shape());
    }
  }
}
