package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.StepConfig;
import java.time.Instant;
import java.util.List;

/** What a replay of {@code run} concluded the instance must do next. */
public sealed interface Decision {

  /**
   * Run attempt {@code attempt} of the first step that has not completed (or of a compensation).
   */
  record ExecuteStep(StepState step, StepConfig config, StepAction action, int attempt)
      implements Decision {}

  /** The first unfinished operation is a sleep, reached for the first time at {@code startedAt}. */
  record StartSleep(StepKey key, Instant startedAt, Instant wakeAt) implements Decision {}

  /** A waitForEvent reached for the first time with no event of its type at hand. */
  record StartWait(StepKey key, String eventType, Instant startedAt, Instant timeoutAt)
      implements Decision {}

  /** A waitForEvent gets its event (sent before or while it waited). */
  record ReceiveEvent(StepState step, PendingEvent event) implements Decision {}

  /** A waitForEvent timed out: the step fails, and run() sees the failure. */
  record EventTimedOut(StepState step) implements Decision {}

  /**
   * Several operations move on together: those {@code run} started and that have not ended (steps
   * to attempt, sleeps and waits to start or keep, events to receive). Each part is one of the
   * decisions above that concern a single operation; their steps' bodies run at the same time.
   */
  record Parallel(List<Decision> parts) implements Decision {
    public Parallel {
      parts = List.copyOf(parts);
    }

    /** The parts that attempt a step. */
    public List<ExecuteStep> executions() {
      return parts.stream()
          .filter(ExecuteStep.class::isInstance)
          .map(ExecuteStep.class::cast)
          .toList();
    }
  }

  /** The instance waits until {@code wakeAt} (the message came early, or the wait goes on). */
  record KeepWaiting(StepKey key, Instant wakeAt) implements Decision {}

  /** {@code run} returned: the instance is complete. */
  record Finish(JsonNode output) implements Decision {}

  /** {@code run} threw: the instance has errored. */
  record Fail(ErrorInfo error) implements Decision {}

  /** {@code run} threw and completed steps have compensations: run them before ending errored. */
  record BeginRollback(ErrorInfo error) implements Decision {}

  /** Every compensation has run (or failed for good): the instance ends. */
  record FinishRollback(InstanceStatus finalStatus, Rollback.Outcome outcome) implements Decision {}
}
