package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What is recorded of one step.
 *
 * @param result the step's JSON result once complete
 * @param error the last attempt's error (while waiting for a retry) or the final one
 * @param wakeAt when a sleep ends, or when the next attempt is due
 */
public record StepState(
    StepKey key,
    StepType type,
    StepStatus status,
    List<Attempt> attempts,
    JsonNode result,
    ErrorInfo error,
    Instant startedAt,
    Instant endedAt,
    Instant wakeAt) {

  public StepState {
    attempts = List.copyOf(attempts);
  }

  public static StepState sleeping(StepKey key, Instant now, Instant wakeAt) {
    return new StepState(key, StepType.SLEEP, StepStatus.WAITING, List.of(), null, null, now, null, wakeAt);
  }

  public StepState woken(Instant now) {
    return new StepState(key, type, StepStatus.COMPLETE, attempts, null, null, startedAt, now, wakeAt);
  }

  /** A do-step before its first attempt ended. */
  public static StepState fresh(StepKey key) {
    return new StepState(key, StepType.DO, StepStatus.WAITING, List.of(), null, null, null, null, null);
  }

  public StepState succeeded(Attempt attempt, JsonNode value) {
    return new StepState(
        key, type, StepStatus.COMPLETE, plus(attempt), value, null, firstStart(attempt), attempt.end(), null);
  }

  public StepState retryAt(Attempt attempt, Instant nextAttemptAt) {
    return new StepState(
        key, type, StepStatus.WAITING, plus(attempt), null, attempt.error(), firstStart(attempt), null, nextAttemptAt);
  }

  public StepState failed(Attempt attempt) {
    return new StepState(
        key, type, StepStatus.ERRORED, plus(attempt), null, attempt.error(), firstStart(attempt), attempt.end(), null);
  }

  private List<Attempt> plus(Attempt attempt) {
    List<Attempt> all = new ArrayList<>(attempts);
    all.add(attempt);
    return all;
  }

  private Instant firstStart(Attempt attempt) {
    return startedAt != null ? startedAt : attempt.start();
  }
}
