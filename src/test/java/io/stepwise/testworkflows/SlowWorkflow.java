package io.stepwise.testworkflows;

import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;

/** A step whose body takes {@code millis} (so operators can act while it runs), then a quick one. */
@WorkflowName("slow")
@ApplicationScoped
public class SlowWorkflow implements Workflow<SlowWorkflow.Params, String> {

  public record Params(Long millis) {}

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    String id = event.instanceId();
    long millis = event.params().millis() != null ? event.params().millis() : 1500;
    step.run("slow step", String.class, ctx -> {
      ExecutionLog.ran(id, "slow step");
      Thread.sleep(millis); // the workload: a body that takes a while
      return "slow done";
    });
    return step.run("quick step", String.class, ctx -> {
      ExecutionLog.ran(id, "quick step");
      return "done";
    });
  }
}
