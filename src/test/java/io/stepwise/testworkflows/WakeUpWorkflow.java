package io.stepwise.testworkflows;

import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Sleeps until the instant in its params. */
@WorkflowName("wake-up")
@ApplicationScoped
public class WakeUpWorkflow implements Workflow<WakeUpWorkflow.Params, String> {

  public record Params(Instant at) {}

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    step.sleepUntil("until", event.params().at());
    return "woke";
  }
}
