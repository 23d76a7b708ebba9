package io.stepwise.testworkflows;

import io.stepwise.api.CronEvent;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;

/** Scheduled by configuration only ({@code stepwise.schedules.configured-cron} in CronTest's profile). */
@WorkflowName("configured-cron")
@ApplicationScoped
public class ConfiguredCronWorkflow implements Workflow<CronEvent, String> {

  @Override
  public String run(WorkflowEvent<CronEvent> event, WorkflowStep step) {
    return "fired " + event.params().scheduledTime();
  }
}
