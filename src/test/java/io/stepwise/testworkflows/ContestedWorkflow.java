package io.stepwise.testworkflows;

import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One step whose every execution waits at its own gate ({@code <id>#<n>}) and returns its number n:
 * which execution's result was recorded is the workflow's output.
 */
@WorkflowName("contested")
@ApplicationScoped
public class ContestedWorkflow implements Workflow<Void, Integer> {

  @Override
  public Integer run(WorkflowEvent<Void> event, WorkflowStep step) {
    String id = event.instanceId();
    return step.run(
        "contested",
        Integer.class,
        ctx -> {
          int execution = ExecutionLog.ran(id, "contested");
          StepGate.pass(id + "#" + execution);
          return execution;
        });
  }
}
