package io.stepwise.testworkflows;

import io.stepwise.api.NonRetryableError;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Fails in the way its params ask: {@code nonRetryable} throws NonRetryableError, {@code timeout}
 * overruns a 200 ms timeout; with {@code catchIt} the workflow catches the failure and goes on.
 */
@WorkflowName("failing")
@ApplicationScoped
public class FailingWorkflow implements Workflow<FailingWorkflow.Params, String> {

  public record Params(String mode, boolean catchIt) {}

  private static final StepConfig ONE_TRY_TIMED =
      StepConfig.DEFAULT.withRetries(RetryPolicy.NONE).withTimeout(Duration.ofMillis(200));

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) throws InterruptedException {
    String id = event.instanceId();
    try {
      step.run(
          "doomed",
          String.class,
          ONE_TRY_TIMED,
          ctx -> {
            ExecutionLog.ran(id, "doomed");
            if ("timeout".equals(event.params().mode())) {
              // Not synchronisation: time itself is under test. The body must outlast its 200 ms
              // timeout, and the engine must give up on it after 200 ms, not after these 2 s.
              Thread.sleep(2_000);
              return "too late";
            }
            throw new NonRetryableError("card declined");
          });
      return "unreachable";
    } catch (StepFailedException failed) {
      if (!event.params().catchIt()) {
        throw failed;
      }
      return step.run("recover", String.class, ctx -> "recovered from " + failed.errorName());
    }
  }
}
