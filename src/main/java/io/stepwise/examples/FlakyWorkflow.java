package io.stepwise.examples;

import io.stepwise.api.Backoff;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import io.stepwise.api.ValidatedParams;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** A step that fails its first F attempts, with the retry policy taken from params. */
@WorkflowName("flaky")
@ApplicationScoped
public class FlakyWorkflow implements Workflow<FlakyWorkflow.Params, Integer> {

  /**
   * @param failures how many attempts fail before one succeeds (default 1)
   * @param limit retries after the first attempt (default 5)
   * @param delayMillis the base retry delay (default 1000)
   * @param backoff constant, linear or exponential (default exponential)
   */
  public record Params(Integer failures, Integer limit, Long delayMillis, Backoff backoff)
      implements ValidatedParams {
    public Params {
      failures = failures != null ? failures : 1;
      limit = limit != null ? limit : 5;
      delayMillis = delayMillis != null ? delayMillis : 1000;
      backoff = backoff != null ? backoff : Backoff.EXPONENTIAL;
    }

    @Override
    public void validate() {
      if (failures < 0 || limit < 0 || limit > 100 || delayMillis < 0 || delayMillis > 86_400_000) {
        throw new IllegalArgumentException(
            "failures must be 0 or more, limit 0 to 100 and delayMillis 0 to 86400000 (a day),"
                + " were "
                + failures
                + ", "
                + limit
                + " and "
                + delayMillis);
      }
    }
  }

  @Override
  public Integer run(WorkflowEvent<Params> event, WorkflowStep step) {
    Params p = event.params();
    int failures = p.failures();
    RetryPolicy retries =
        new RetryPolicy(p.limit(), Duration.ofMillis(p.delayMillis()), p.backoff());
    return step.run(
        "flaky step",
        Integer.class,
        StepConfig.DEFAULT.withRetries(retries),
        ctx -> {
          if (ctx.attempt() <= failures) {
            throw new IllegalStateException(
                "attempt " + ctx.attempt() + " fails on purpose (" + failures + " to go)");
          }
          return ctx.attempt();
        });
  }
}
