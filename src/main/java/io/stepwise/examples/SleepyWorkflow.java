package io.stepwise.examples;

import io.stepwise.api.ValidatedParams;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** A step, a sleep of {@code seconds} (default 1), a step. */
@WorkflowName("sleepy")
@ApplicationScoped
public class SleepyWorkflow implements Workflow<SleepyWorkflow.Params, String> {

  /** Defaults are set here, not in {@code run}, so the params' JSON Schema shows them. */
  public record Params(Double seconds) implements ValidatedParams {
    public Params {
      seconds = seconds != null ? seconds : 1.0;
    }

    @Override
    public void validate() {
      if (!(seconds >= 0 && seconds <= 365 * 86_400)) { // also refuses NaN
        throw new IllegalArgumentException(
            "seconds must be 0 to 31536000 (365 days), was " + seconds);
      }
    }
  }

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    double seconds = event.params().seconds();
    String before = step.run("before", String.class, ctx -> "awake");
    step.sleep("nap", Duration.ofMillis(Math.round(seconds * 1000)));
    String after = step.run("after", String.class, ctx -> "awake again");
    return before + ", then " + after;
  }
}
