package io.stepwise.testworkflows;

import io.stepwise.api.NonRetryableError;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Books a flight and a hotel (each with a compensation), then charges: the charge fails unless
 * {@code pay}, and with {@code sleepSeconds} the workflow sleeps before charging (time to terminate
 * it with rollback).
 */
@WorkflowName("saga")
@ApplicationScoped
public class SagaWorkflow implements Workflow<SagaWorkflow.Params, String> {

  public record Params(boolean pay, Long sleepSeconds) {}

  /** What each instance's compensations did, in order. */
  public static final ConcurrentHashMap<String, List<String>> UNDONE = new ConcurrentHashMap<>();

  private static final StepConfig QUICK = StepConfig.DEFAULT.withRetries(RetryPolicy.NONE);

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    String id = event.instanceId();
    String flight =
        step.run(
            "book flight",
            String.class,
            QUICK,
            ctx -> "flight-1",
            (booked, ctx) -> undone(id).add("cancel " + booked));
    String hotel =
        step.run(
            "book hotel",
            String.class,
            QUICK,
            ctx -> "hotel-7",
            (booked, ctx) -> undone(id).add("cancel " + booked));
    if (event.params().sleepSeconds() != null) {
      step.sleep("think it over", Duration.ofSeconds(event.params().sleepSeconds()));
    }
    return step.run(
        "charge",
        String.class,
        QUICK,
        ctx -> {
          if (!event.params().pay()) {
            throw new NonRetryableError("card declined");
          }
          return "charged for " + flight + " and " + hotel;
        });
  }

  private static List<String> undone(String id) {
    return UNDONE.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
  }
}
