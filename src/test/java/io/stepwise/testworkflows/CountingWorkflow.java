package io.stepwise.testworkflows;

import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Three steps (one of them twice, by occurrence) and a short sleep; every body logs its runs. */
@WorkflowName("counting")
@ApplicationScoped
public class CountingWorkflow implements Workflow<Void, Integer> {

  @Override
  public Integer run(WorkflowEvent<Void> event, WorkflowStep step) {
    String id = event.instanceId();
    int a =
        step.run(
            "first",
            Integer.class,
            ctx -> {
              ExecutionLog.ran(id, "first");
              return 1;
            });
    int b =
        step.run(
            "add",
            Integer.class,
            ctx -> {
              ExecutionLog.ran(id, "add#1");
              return a + 10;
            });
    step.sleep("pause", Duration.ofMillis(200));
    int c =
        step.run(
            "add",
            Integer.class,
            ctx -> {
              ExecutionLog.ran(id, "add#2");
              return b + 100;
            });
    return c;
  }
}
