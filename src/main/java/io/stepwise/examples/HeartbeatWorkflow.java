package io.stepwise.examples;

import io.stepwise.api.CronEvent;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A workflow to run on a cron schedule: its params are the firing ({@link CronEvent}). Not
 * scheduled by default; schedule it with {@code stepwise.schedules.heartbeat=0 * * * *} (or
 * {@code @CronSchedule} on a class of your own).
 */
@WorkflowName("heartbeat")
@ApplicationScoped
public class HeartbeatWorkflow implements Workflow<CronEvent, String> {

  @Override
  public String run(WorkflowEvent<CronEvent> event, WorkflowStep step) {
    return step.run("beat", String.class, ctx -> "beat of " + event.params().scheduledTime());
  }
}
