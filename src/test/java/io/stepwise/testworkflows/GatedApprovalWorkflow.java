package io.stepwise.testworkflows;

import io.stepwise.api.ReceivedEvent;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * A step held by its {@link StepGate}, then a wait for an {@code approval} event: outputs its
 * payload.
 */
@WorkflowName("gated-approval")
@ApplicationScoped
public class GatedApprovalWorkflow implements Workflow<Void, String> {

  @Override
  public String run(WorkflowEvent<Void> event, WorkflowStep step) {
    String id = event.instanceId();
    step.run(
        "prepare",
        String.class,
        ctx -> {
          StepGate.pass(id);
          return "prepared";
        });
    ReceivedEvent<String> approval =
        step.waitForEvent("approval", "approval", String.class, Duration.ofHours(1));
    return approval.payload();
  }
}
