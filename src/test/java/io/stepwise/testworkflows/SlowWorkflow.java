package io.stepwise.testworkflows;

import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;

/** A step that runs until the test opens its {@link StepGate}, then a quick one. */
@WorkflowName("slow")
@ApplicationScoped
public class SlowWorkflow implements Workflow<Void, String> {

  @Override
  public String run(WorkflowEvent<Void> event, WorkflowStep step) {
    String id = event.instanceId();
    step.run(
        "slow step",
        String.class,
        ctx -> {
          ExecutionLog.ran(id, "slow step");
          StepGate.pass(id);
          return "slow done";
        });
    return step.run(
        "quick step",
        String.class,
        ctx -> {
          ExecutionLog.ran(id, "quick step");
          return "done";
        });
  }
}
