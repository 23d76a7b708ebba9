package io.stepwise.verification;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.Backoff;
import io.stepwise.api.ReceivedEvent;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import io.stepwise.api.StepHandle;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The chaos suite's workload, in one workflow so that its mix is chosen per instance: a chain of
 * steps, then optionally a sleep, a step that fails twice before it succeeds, {@code fanOut} steps
 * run in parallel (every other one failing its first attempt), and a wait for an event. Every body
 * records its execution ({@link ExecutionRecorder}). The output is predictable from the params:
 * steps + 1 after a sleep + 1 for the flaky step + 1 per parallel step + the event's {@code add}.
 *
 * <p>Registered only with {@code stepwise.verification.enabled=true}.
 */
@WorkflowName("chaos-mix")
@ApplicationScoped
public class ChaosMixWorkflow implements Workflow<ChaosMixWorkflow.Params, Integer> {

  /** Fails the first two attempts, retried 100 ms apart. */
  private static final StepConfig FLAKY =
      StepConfig.DEFAULT.withRetries(new RetryPolicy(5, Duration.ofMillis(100), Backoff.CONSTANT));

  public record Params(int steps, Long sleepMillis, boolean flaky, int fanOut, boolean waitEvent) {}

  private final ExecutionRecorder recorder;

  ChaosMixWorkflow(ExecutionRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public Integer run(WorkflowEvent<Params> event, WorkflowStep step) {
    Params params = event.params();
    int value = 0;
    for (int i = 0; i < params.steps(); i++) {
      value = increment(step, "add", value, StepConfig.DEFAULT, 0);
    }
    if (params.sleepMillis() != null) {
      step.sleep("nap", Duration.ofMillis(params.sleepMillis()));
      value = increment(step, "after nap", value, StepConfig.DEFAULT, 0);
    }
    if (params.flaky()) {
      value = increment(step, "flaky", value, FLAKY, 2);
    }
    if (params.fanOut() > 0) {
      List<StepHandle<Integer>> branches = new ArrayList<>();
      for (int i = 0; i < params.fanOut(); i++) {
        branches.add(startIncrement(step, "fan", 0, FLAKY, i % 2));
      }
      value += step.all(branches).stream().mapToInt(Integer::intValue).sum();
    }
    if (params.waitEvent()) {
      ReceivedEvent<JsonNode> go =
          step.waitForEvent("go", "go", JsonNode.class, Duration.ofHours(1));
      value += go.payload().path("add").asInt();
    }
    return value;
  }

  private int increment(
      WorkflowStep step, String name, int previous, StepConfig config, int failingAttempts) {
    return step.await(startIncrement(step, name, previous, config, failingAttempts));
  }

  private StepHandle<Integer> startIncrement(
      WorkflowStep step, String name, int previous, StepConfig config, int failingAttempts) {
    return step.startAsync(
        name,
        Integer.class,
        config,
        ctx ->
            recorder
                .record("chaos-mix", ctx)
                .map(
                    recorded -> {
                      if (ctx.attempt() <= failingAttempts) {
                        throw new IllegalStateException(
                            "attempt " + ctx.attempt() + " fails, as planned");
                      }
                      return previous + 1;
                    }));
  }
}
