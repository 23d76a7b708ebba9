package io.stepwise.testworkflows;

import io.stepwise.api.Race;
import io.stepwise.api.ReceivedEvent;
import io.stepwise.api.StepHandle;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Races an {@code approval} event against a sleep of {@code reminderSeconds}, cancelling the loser:
 * answers the approval's payload, or "reminded" when the sleep ended first.
 */
@WorkflowName("reminder-race")
@ApplicationScoped
public class ReminderRaceWorkflow implements Workflow<ReminderRaceWorkflow.Params, String> {

  public record Params(int reminderSeconds) {}

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    StepHandle<ReceivedEvent<String>> approval =
        step.startWaitForEvent("approval", "approval", String.class, Duration.ofHours(1));
    StepHandle<Void> reminder =
        step.startSleep("reminder", Duration.ofSeconds(event.params().reminderSeconds()));
    StepHandle<?> first = step.any(Race.CANCEL_OTHERS, approval, reminder);
    return first == approval ? step.await(approval).payload() : "reminded";
  }
}
