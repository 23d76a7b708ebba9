package io.stepwise.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.api.AsyncStepBody;
import io.stepwise.api.StepBody;
import io.stepwise.api.StepConfig;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.WorkflowStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link WorkflowStep} handed to {@code run} during a replay: completed steps answer from their
 * record; the first unfinished one becomes the replay's {@link Decision} and suspends {@code run}.
 */
final class ReplayStep implements WorkflowStep {

  /** The longest sleep: a timer must never outlive the retention of the delay topics. */
  static final Duration MAX_SLEEP = Duration.ofDays(365);

  static final int MAX_NAME_LENGTH = 256;

  private final Map<StepKey, StepState> records;
  private final Instant now;
  private final ObjectMapper mapper;
  private final Map<String, Integer> occurrences = new HashMap<>();
  private final List<StepState> wokenSleeps = new ArrayList<>();
  private Decision pending;

  ReplayStep(Map<StepKey, StepState> records, Instant now, ObjectMapper mapper) {
    this.records = records;
    this.now = now;
    this.mapper = mapper;
  }

  /** The decision that suspended the replay, if any. */
  Decision pending() {
    return pending;
  }

  List<StepState> wokenSleeps() {
    return wokenSleeps;
  }

  @Override
  public <T> T run(String name, Class<T> resultType, StepConfig config, StepBody<T> body) {
    Objects.requireNonNull(body, "body");
    return doStep(name, resultType, config, new StepAction.Blocking(body));
  }

  @Override
  public <T> T runAsync(String name, Class<T> resultType, StepConfig config, AsyncStepBody<T> body) {
    Objects.requireNonNull(body, "body");
    return doStep(name, resultType, config, new StepAction.NonBlocking(body));
  }

  @Override
  public void sleep(String name, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    StepKey key = nextKey(name);
    if (recordedSleepIsOver(key)) {
      return;
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("sleep '" + name + "': duration must not be negative, was " + duration);
    }
    checkLength(name, duration);
    suspend(new Decision.StartSleep(key, now, now.plus(duration)));
  }

  @Override
  public void sleepUntil(String name, Instant wakeAt) {
    Objects.requireNonNull(wakeAt, "wakeAt");
    StepKey key = nextKey(name);
    if (recordedSleepIsOver(key)) {
      return;
    }
    if (!wakeAt.isAfter(now)) {
      throw new IllegalArgumentException(
          "sleepUntil '" + name + "': " + wakeAt + " is in the past (now is " + now + ")");
    }
    checkLength(name, Duration.between(now, wakeAt));
    suspend(new Decision.StartSleep(key, now, wakeAt));
  }

  private <T> T doStep(String name, Class<T> resultType, StepConfig config, StepAction action) {
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(config, "config");
    StepKey key = nextKey(name);
    StepState record = records.get(key);
    if (record == null) {
      return suspend(new Decision.ExecuteStep(StepState.fresh(key), config, action, 1));
    }
    requireType(record, StepType.DO);
    return switch (record.status()) {
      case COMPLETE -> readResult(record, resultType);
      case ERRORED -> throw new StepFailedException(name, record.error().name(), record.error().message());
      case WAITING -> now.isBefore(record.wakeAt())
          ? suspend(new Decision.KeepWaiting(key))
          : suspend(new Decision.ExecuteStep(record, config, action, record.attempts().size() + 1));
    };
  }

  /** True when the sleep was recorded and is over; suspends when it is recorded and not over. */
  private boolean recordedSleepIsOver(StepKey key) {
    StepState record = records.get(key);
    if (record == null) {
      return false;
    }
    requireType(record, StepType.SLEEP);
    if (record.status() == StepStatus.COMPLETE) {
      return true;
    }
    if (now.isBefore(record.wakeAt())) {
      suspend(new Decision.KeepWaiting(key));
    }
    wokenSleeps.add(record.woken(now));
    return true;
  }

  private StepKey nextKey(String name) {
    if (pending != null) {
      // run() swallowed the suspension and went on: stop it again.
      throw new Suspension();
    }
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a step name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank, was '" + name + "'");
    }
    return new StepKey(name, occurrences.merge(name, 1, Integer::sum));
  }

  private static void checkLength(String name, Duration duration) {
    if (duration.compareTo(MAX_SLEEP) > 0) {
      throw new IllegalArgumentException(
          "sleep '" + name + "': at most " + MAX_SLEEP.toDays() + " days, was " + duration);
    }
  }

  private static void requireType(StepState record, StepType expected) {
    if (record.type() != expected) {
      throw new NonDeterminismError(
          "step " + record.key() + " was recorded as " + record.type().wireName()
              + " but the workflow now calls it as " + expected.wireName());
    }
  }

  private <T> T readResult(StepState record, Class<T> resultType) {
    try {
      return record.result() == null || record.result().isNull()
          ? null
          : mapper.treeToValue(record.result(), resultType);
    } catch (JsonProcessingException e) {
      throw new NonDeterminismError(
          "step " + record.key() + ": its recorded result does not read as " + resultType.getSimpleName()
              + ": " + e.getOriginalMessage());
    }
  }

  private <T> T suspend(Decision decision) {
    pending = decision;
    throw new Suspension();
  }
}
