package io.stepwise.testworkflows;

import io.stepwise.api.CronEvent;
import io.stepwise.api.CronSchedule;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;

/** Fires every second (when cron is on, as in CronTest's profile) and reports its firing. */
@WorkflowName("ticker")
@CronSchedule("* * * * * ?")
@ApplicationScoped
public class TickerWorkflow implements Workflow<CronEvent, String> {

  @Override
  public String run(WorkflowEvent<CronEvent> event, WorkflowStep step) {
    return step.run("tick", String.class, ctx -> "tick " + event.params().scheduledTime());
  }
}
