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
 * @param wakeAt when a sleep ends, when the next attempt is due, or when a wait for an event times
 *     out
 * @param eventType the type a waitForEvent step waits for
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
    Instant wakeAt,
    String eventType) {

  public StepState {
    attempts = List.copyOf(attempts);
  }

  public static StepState sleeping(StepKey key, Instant now, Instant wakeAt) {
    return new StepState(
        key, StepType.SLEEP, StepStatus.WAITING, List.of(), null, null, now, null, wakeAt, null);
  }

  public static StepState waitingForEvent(
      StepKey key, String eventType, Instant now, Instant timeoutAt) {
    return new StepState(
        key,
        StepType.EVENT,
        StepStatus.WAITING,
        List.of(),
        null,
        null,
        now,
        null,
        timeoutAt,
        eventType);
  }

  /** A do-step (or a compensation) before its first attempt ended. */
  public static StepState fresh(StepKey key, StepType type) {
    return new StepState(
        key, type, StepStatus.WAITING, List.of(), null, null, null, null, null, null);
  }

  public static StepState fresh(StepKey key) {
    return fresh(key, StepType.DO);
  }

  /**
   * A sleep that is over, or a wait that got its event ({@code value}) or timed out ({@code
   * failure}).
   */
  public StepState woken(Instant now) {
    return new StepState(
        key, type, StepStatus.COMPLETE, attempts, null, null, startedAt, now, wakeAt, eventType);
  }

  public StepState received(JsonNode event, Instant now) {
    return new StepState(
        key,
        type,
        StepStatus.COMPLETE,
        attempts,
        event,
        null,
        startedAt(now),
        now,
        wakeAt,
        eventType);
  }

  public StepState timedOut(ErrorInfo timeout, Instant now) {
    return new StepState(
        key,
        type,
        StepStatus.ERRORED,
        attempts,
        null,
        timeout,
        startedAt(now),
        now,
        wakeAt,
        eventType);
  }

  public StepState succeeded(Attempt attempt, JsonNode value) {
    return new StepState(
        key,
        type,
        StepStatus.COMPLETE,
        plus(attempt),
        value,
        null,
        startedAt(attempt.start()),
        attempt.end(),
        null,
        eventType);
  }

  public StepState retryAt(Attempt attempt, Instant nextAttemptAt) {
    return new StepState(
        key,
        type,
        StepStatus.WAITING,
        plus(attempt),
        null,
        attempt.error(),
        startedAt(attempt.start()),
        null,
        nextAttemptAt,
        eventType);
  }

  public StepState failed(Attempt attempt) {
    return new StepState(
        key,
        type,
        StepStatus.ERRORED,
        plus(attempt),
        null,
        attempt.error(),
        startedAt(attempt.start()),
        attempt.end(),
        null,
        eventType);
  }

  /** An operation that lost a race which cancels the losers: it ends errored, now. */
  public StepState cancelled(ErrorInfo reason, Instant now) {
    return new StepState(
        key,
        type,
        StepStatus.ERRORED,
        attempts,
        null,
        reason,
        startedAt(now),
        now,
        null,
        eventType);
  }

  /** Whether it is over, one way or the other. */
  public boolean isFinished() {
    return status != StepStatus.WAITING;
  }

  private List<Attempt> plus(Attempt attempt) {
    List<Attempt> all = new ArrayList<>(attempts);
    all.add(attempt);
    return all;
  }

  private Instant startedAt(Instant ifFirst) {
    return startedAt != null ? startedAt : ifFirst;
  }
}
