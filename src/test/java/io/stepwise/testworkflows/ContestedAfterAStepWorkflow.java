package io.stepwise.testworkflows;

import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A quick step, then one like {@link ContestedWorkflow}'s: the second step runs inline, right after
 * the first one's commit, and every execution of it waits at its own gate ({@code <id>#<n>}).
 */
@WorkflowName("contested-after-a-step")
@ApplicationScoped
public class ContestedAfterAStepWorkflow implements Workflow<Void, Integer> {

  @Override
  public Integer run(WorkflowEvent<Void> event, WorkflowStep step) {
    String id = event.instanceId();
    step.run("quick", Integer.class, ctx -> 0);
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
