package io.stepwise.engine;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.api.AsyncStepBody;
import io.stepwise.api.Compensation;
import io.stepwise.api.ReceivedEvent;
import io.stepwise.api.StepBody;
import io.stepwise.api.StepConfig;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.WorkflowStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link WorkflowStep} handed to {@code run} during a replay: completed steps answer from their
 * record; the first unfinished one becomes the replay's {@link Decision} and suspends {@code run}.
 */
final class ReplayStep implements WorkflowStep {

  /** The longest sleep or wait: a timer must never outlive the retention of the delay topics. */
  static final Duration MAX_SLEEP = Duration.ofDays(365);

  static final int MAX_NAME_LENGTH = 256;

  private final InstanceState instance;
  private final Instant now;
  private final ObjectMapper mapper;
  private final int maxSteps;
  private final Map<String, Integer> occurrences = new HashMap<>();
  private final List<StepState> wokenSleeps = new ArrayList<>();
  private final List<RegisteredCompensation> compensations = new ArrayList<>();
  private final Set<Long> eventsTaken = new HashSet<>();
  private int stepsSeen;
  private Decision pending;

  ReplayStep(InstanceState instance, Instant now, ObjectMapper mapper, int maxSteps) {
    this.instance = instance;
    this.now = now;
    this.mapper = mapper;
    this.maxSteps = maxSteps;
  }

  /** The decision that suspended the replay, if any. */
  Decision pending() {
    return pending;
  }

  List<StepState> wokenSleeps() {
    return wokenSleeps;
  }

  /** The compensations of the completed steps, in the order their steps ran. */
  List<RegisteredCompensation> compensations() {
    return compensations;
  }

  @Override
  public <T> T run(String name, Class<T> resultType, StepConfig config, StepBody<T> body) {
    Objects.requireNonNull(body, "body");
    return doStep(name, resultType, config, new StepAction.Blocking(body), null);
  }

  @Override
  public <T> T run(
      String name,
      Class<T> resultType,
      StepConfig config,
      StepBody<T> body,
      Compensation<T> compensation) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(compensation, "compensation");
    return doStep(name, resultType, config, new StepAction.Blocking(body), compensation);
  }

  @Override
  public <T> T runAsync(
      String name, Class<T> resultType, StepConfig config, AsyncStepBody<T> body) {
    Objects.requireNonNull(body, "body");
    return doStep(name, resultType, config, new StepAction.NonBlocking(body), null);
  }

  @Override
  public void sleep(String name, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    StepKey key = nextKey(name, StepType.SLEEP);
    if (recordedSleepIsOver(key)) {
      return;
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "sleep '" + name + "': duration must not be negative, was " + duration);
    }
    checkLength("sleep '" + name + "'", duration);
    suspend(new Decision.StartSleep(key, now, now.plus(duration)));
  }

  @Override
  public void sleepUntil(String name, Instant wakeAt) {
    Objects.requireNonNull(wakeAt, "wakeAt");
    StepKey key = nextKey(name, StepType.SLEEP);
    if (recordedSleepIsOver(key)) {
      return;
    }
    if (!wakeAt.isAfter(now)) {
      throw new IllegalArgumentException(
          "sleepUntil '" + name + "': " + wakeAt + " is in the past (now is " + now + ")");
    }
    checkLength("sleep '" + name + "'", Duration.between(now, wakeAt));
    suspend(new Decision.StartSleep(key, now, wakeAt));
  }

  @Override
  public <T> ReceivedEvent<T> waitForEvent(
      String name, String type, Class<T> payloadType, Duration timeout) {
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(timeout, "timeout");
    StepKey key = nextKey(name, StepType.EVENT);
    if (!EventTypes.isValid(type)) {
      throw new IllegalArgumentException(
          "waitForEvent '" + name + "': event type '" + type + "' must be " + EventTypes.rule());
    }
    StepState record = instance.steps().get(key);
    if (record == null) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "waitForEvent '" + name + "': timeout must be positive, was " + timeout);
      }
      checkLength("waitForEvent '" + name + "'", timeout);
      Optional<PendingEvent> sentEarlier = takeEvent(type);
      return sentEarlier.isPresent()
          ? suspend(
              new Decision.ReceiveEvent(
                  StepState.waitingForEvent(key, type, now, now.plus(timeout)), sentEarlier.get()))
          : suspend(new Decision.StartWait(key, type, now, now.plus(timeout)));
    }
    requireType(record, StepType.EVENT);
    switch (record.status()) {
      case COMPLETE:
        return readEvent(record, payloadType);
      case ERRORED:
        throw new StepFailedException(name, record.error().name(), record.error().message());
      default:
        Optional<PendingEvent> event = takeEvent(record.eventType());
        if (event.isPresent()) {
          return suspend(new Decision.ReceiveEvent(record, event.get()));
        }
        return now.isBefore(record.wakeAt())
            ? suspend(new Decision.KeepWaiting(key, record.wakeAt()))
            : suspend(new Decision.EventTimedOut(record));
    }
  }

  private <T> T doStep(
      String name,
      Class<T> resultType,
      StepConfig config,
      StepAction action,
      Compensation<T> compensation) {
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(config, "config");
    StepKey key = nextKey(name, StepType.DO);
    StepState record = instance.steps().get(key);
    if (record == null) {
      return suspend(new Decision.ExecuteStep(StepState.fresh(key), config, action, 1));
    }
    requireType(record, StepType.DO);
    switch (record.status()) {
      case COMPLETE:
        T result = readResult(record, resultType);
        if (compensation != null) {
          compensations.add(
              new RegisteredCompensation(
                  key,
                  config,
                  new StepAction.Blocking(
                      ctx -> {
                        compensation.compensate(result, ctx);
                        return null;
                      })));
        }
        return result;
      case ERRORED:
        throw new StepFailedException(name, record.error().name(), record.error().message());
      default:
        return now.isBefore(record.wakeAt())
            ? suspend(new Decision.KeepWaiting(key, record.wakeAt()))
            : suspend(
                new Decision.ExecuteStep(record, config, action, record.attempts().size() + 1));
    }
  }

  /** True when the sleep was recorded and is over; suspends when it is recorded and not over. */
  private boolean recordedSleepIsOver(StepKey key) {
    StepState record = instance.steps().get(key);
    if (record == null) {
      return false;
    }
    requireType(record, StepType.SLEEP);
    if (record.status() == StepStatus.COMPLETE) {
      return true;
    }
    if (now.isBefore(record.wakeAt())) {
      suspend(new Decision.KeepWaiting(key, record.wakeAt()));
    }
    wokenSleeps.add(record.woken(now));
    return true;
  }

  private Optional<PendingEvent> takeEvent(String type) {
    Optional<PendingEvent> event =
        instance.events().stream()
            .filter(e -> e.type().equals(type) && !eventsTaken.contains(e.id()))
            .findFirst();
    event.ifPresent(e -> eventsTaken.add(e.id()));
    return event;
  }

  /** The key of the next operation of {@code type} named {@code name}, checked. */
  private StepKey nextKey(String name, StepType type) {
    if (pending != null) {
      // run() swallowed the suspension and went on: stop it again.
      throw new Suspension();
    }
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a step name must be 1 to "
              + MAX_NAME_LENGTH
              + " characters and not blank, was '"
              + name
              + "'");
    }
    if (++stepsSeen > maxSteps) {
      throw new IllegalStateException(
          "an instance may have at most " + maxSteps + " steps (stepwise.max-steps)");
    }
    return new StepKey(name, occurrences.merge(name, 1, Integer::sum));
  }

  private static void checkLength(String what, Duration duration) {
    if (duration.compareTo(MAX_SLEEP) > 0) {
      throw new IllegalArgumentException(
          what + ": at most " + MAX_SLEEP.toDays() + " days, was " + duration);
    }
  }

  private static void requireType(StepState record, StepType expected) {
    if (record.type() != expected) {
      throw new NonDeterminismError(
          "step "
              + record.key()
              + " was recorded as "
              + record.type().wireName()
              + " but the workflow now calls it as "
              + expected.wireName());
    }
  }

  private <T> T readResult(StepState record, Class<T> resultType) {
    return read(record, record.result(), mapper.constructType(resultType));
  }

  private <T> ReceivedEvent<T> readEvent(StepState record, Class<T> payloadType) {
    JavaType type =
        mapper.getTypeFactory().constructParametricType(ReceivedEvent.class, payloadType);
    return read(record, record.result(), type);
  }

  private <T> T read(StepState record, JsonNode value, JavaType type) {
    try {
      return value == null || value.isNull() ? null : mapper.convertValue(value, type);
    } catch (IllegalArgumentException e) {
      throw new NonDeterminismError(
          "step "
              + record.key()
              + ": its recorded result does not read as "
              + type.toCanonical()
              + ": "
              + e.getMessage());
    }
  }

  private <T> T suspend(Decision decision) {
    pending = decision;
    throw new Suspension();
  }
}
