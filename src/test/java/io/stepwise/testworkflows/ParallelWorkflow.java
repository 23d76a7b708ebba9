package io.stepwise.testworkflows;

import io.stepwise.api.Backoff;
import io.stepwise.api.NonRetryableError;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.StepHandle;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts {@code branches} steps at once and awaits them all. The first {@code flaky} branches fail
 * twice before they succeed; with {@code doomed} the last branch fails for good, and the workflow
 * catches the failure and answers the others' results. Each body takes {@code bodyMillis}, so that
 * the bodies of one instance overlap and the test can see that they did.
 */
@WorkflowName("parallel")
@ApplicationScoped
public class ParallelWorkflow implements Workflow<ParallelWorkflow.Params, Map<String, Object>> {

  public record Params(int branches, int flaky, boolean doomed, int bodyMillis) {}

  private static final StepConfig QUICK_RETRIES =
      StepConfig.DEFAULT.withRetries(new RetryPolicy(3, Duration.ofMillis(100), Backoff.CONSTANT));

  /** Bodies of each instance running right now, and the most there ever were at once. */
  private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();

  private static final Map<String, AtomicInteger> MOST_AT_ONCE = new ConcurrentHashMap<>();

  /** The most bodies of {@code instanceId} that ran at the same time. */
  public static int mostAtOnce(String instanceId) {
    AtomicInteger most = MOST_AT_ONCE.get(instanceId);
    return most == null ? 0 : most.get();
  }

  @Override
  public Map<String, Object> run(WorkflowEvent<Params> event, WorkflowStep step) {
    Params params = event.params();
    String id = event.instanceId();
    List<StepHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < params.branches(); i++) {
      int branch = i;
      handles.add(
          step.start(
              "branch",
              Integer.class,
              QUICK_RETRIES,
              ctx -> {
                int run = ExecutionLog.ran(id, "branch-" + branch);
                work(id, params.bodyMillis());
                if (params.doomed() && branch == params.branches() - 1) {
                  throw new NonRetryableError("branch " + branch + " is doomed");
                }
                if (branch < params.flaky() && run <= 2) {
                  throw new IllegalStateException("flaky branch " + branch + ", run " + run);
                }
                return branch * branch;
              }));
    }
    Map<String, Object> output = new LinkedHashMap<>();
    try {
      output.put("results", step.all(handles));
    } catch (StepFailedException failed) {
      output.put("failed", failed.stepName() + ": " + failed.getMessage());
      List<Integer> kept = new ArrayList<>();
      for (StepHandle<Integer> handle : handles.subList(0, handles.size() - 1)) {
        kept.add(step.await(handle));
      }
      output.put("results", kept);
    }
    return output;
  }

  private static void work(String instanceId, int millis) throws InterruptedException {
    AtomicInteger running = RUNNING.computeIfAbsent(instanceId, k -> new AtomicInteger());
    int now = running.incrementAndGet();
    MOST_AT_ONCE
        .computeIfAbsent(instanceId, k -> new AtomicInteger())
        .accumulateAndGet(now, Math::max);
    try {
      // Not synchronisation: the body's own work, long enough for the branches to overlap.
      Thread.sleep(millis);
    } finally {
      running.decrementAndGet();
    }
  }
}
