package io.stepwise.engine;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.api.AsyncStepBody;
import io.stepwise.api.Compensation;
import io.stepwise.api.Race;
import io.stepwise.api.ReceivedEvent;
import io.stepwise.api.StepBody;
import io.stepwise.api.StepConfig;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.StepHandle;
import io.stepwise.api.WorkflowStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link WorkflowStep} handed to {@code run} during a replay. Every operation {@code run}
 * starts is a {@link Branch}: ended ones answer from their record; when {@code run} awaits one that
 * has not ended, the replay's {@link Decision} is to move on every started operation that has not
 * (one, or several as a {@link Decision.Parallel}), and {@code run} is suspended.
 */
final class ReplayStep implements WorkflowStep {

  /** The longest sleep or wait: a timer must never outlive the retention of the delay topics. */
  static final Duration MAX_SLEEP = Duration.ofDays(365);

  static final int MAX_NAME_LENGTH = 256;

  /** The error of an operation cancelled because another one won the race it was in. */
  static final String CANCELLED = "StepCancelledError";

  private final InstanceState instance;
  private final Instant now;
  private final ObjectMapper mapper;
  private final int maxSteps;
  private final Map<String, Integer> occurrences = new HashMap<>();
  private final List<StepState> settled = new ArrayList<>();
  private final List<Branch<?>> branches = new ArrayList<>();
  private final List<RegisteredCompensation> compensations = new ArrayList<>();
  private final Set<Long> eventsTaken = new HashSet<>();

  /** The result type of a sleep's handle. */
  private final JavaType voidType;

  private int stepsSeen;
  private Decision pending;

  ReplayStep(InstanceState instance, Instant now, ObjectMapper mapper, int maxSteps) {
    this.instance = instance;
    this.now = now;
    this.mapper = mapper;
    this.maxSteps = maxSteps;
    this.voidType = mapper.constructType(Void.class);
  }

  /** The decision that suspended the replay, if any. */
  Decision pending() {
    return pending;
  }

  /**
   * Steps this replay ended without running anything (sleeps found over, operations cancelled by a
   * race): recorded in the transaction of whatever the replay decided.
   */
  List<StepState> settled() {
    return settled;
  }

  /** The compensations of the completed steps, in the order their steps ran. */
  List<RegisteredCompensation> compensations() {
    return compensations;
  }

  @Override
  public <T> StepHandle<T> start(
      String name, Class<T> resultType, StepConfig config, StepBody<T> body) {
    Objects.requireNonNull(body, "body");
    return startStep(name, resultType, config, new StepAction.Blocking(body), null);
  }

  @Override
  public <T> StepHandle<T> start(
      String name,
      Class<T> resultType,
      StepConfig config,
      StepBody<T> body,
      Compensation<T> compensation) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(compensation, "compensation");
    return startStep(name, resultType, config, new StepAction.Blocking(body), compensation);
  }

  @Override
  public <T> StepHandle<T> startAsync(
      String name, Class<T> resultType, StepConfig config, AsyncStepBody<T> body) {
    Objects.requireNonNull(body, "body");
    return startStep(name, resultType, config, new StepAction.NonBlocking(body), null);
  }

  @Override
  public StepHandle<Void> startSleep(String name, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    StepKey key = nextKey(name, StepType.SLEEP);
    StepState record = recorded(key, StepType.SLEEP);
    if (record != null) {
      return recordedSleep(record);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "sleep '" + name + "': duration must not be negative, was " + duration);
    }
    checkLength("sleep '" + name + "'", duration);
    return pending(key, voidType, new Decision.StartSleep(key, now, now.plus(duration)));
  }

  @Override
  public StepHandle<Void> startSleepUntil(String name, Instant wakeAt) {
    Objects.requireNonNull(wakeAt, "wakeAt");
    StepKey key = nextKey(name, StepType.SLEEP);
    StepState record = recorded(key, StepType.SLEEP);
    if (record != null) {
      return recordedSleep(record);
    }
    if (!wakeAt.isAfter(now)) {
      throw new IllegalArgumentException(
          "sleepUntil '" + name + "': " + wakeAt + " is in the past (now is " + now + ")");
    }
    checkLength("sleep '" + name + "'", Duration.between(now, wakeAt));
    return pending(key, voidType, new Decision.StartSleep(key, now, wakeAt));
  }

  @Override
  public <T> StepHandle<ReceivedEvent<T>> startWaitForEvent(
      String name, String type, Class<T> payloadType, Duration timeout) {
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(timeout, "timeout");
    StepKey key = nextKey(name, StepType.EVENT);
    if (!EventTypes.isValid(type)) {
      throw new IllegalArgumentException(
          "waitForEvent '" + name + "': event type '" + type + "' must be " + EventTypes.rule());
    }
    JavaType eventType =
        mapper.getTypeFactory().constructParametricType(ReceivedEvent.class, payloadType);
    StepState record = recorded(key, StepType.EVENT);
    if (record == null) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "waitForEvent '" + name + "': timeout must be positive, was " + timeout);
      }
      checkLength("waitForEvent '" + name + "'", timeout);
      Optional<PendingEvent> sentEarlier = takeEvent(type);
      return pending(
          key,
          eventType,
          sentEarlier.isPresent()
              ? new Decision.ReceiveEvent(
                  StepState.waitingForEvent(key, type, now, now.plus(timeout)), sentEarlier.get())
              : new Decision.StartWait(key, type, now, now.plus(timeout)));
    }
    if (record.isFinished()) {
      return ended(record, eventType);
    }
    Optional<PendingEvent> event = takeEvent(record.eventType());
    if (event.isPresent()) {
      return pending(key, eventType, new Decision.ReceiveEvent(record, event.get()));
    }
    return pending(
        key,
        eventType,
        now.isBefore(record.wakeAt())
            ? new Decision.KeepWaiting(key, record.wakeAt())
            : new Decision.EventTimedOut(record));
  }

  private <T> StepHandle<T> startStep(
      String name,
      Class<T> resultType,
      StepConfig config,
      StepAction action,
      Compensation<T> compensation) {
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(config, "config");
    StepKey key = nextKey(name, StepType.DO);
    JavaType type = mapper.constructType(resultType);
    StepState record = recorded(key, StepType.DO);
    if (record == null) {
      return pending(key, type, new Decision.ExecuteStep(StepState.fresh(key), config, action, 1));
    }
    switch (record.status()) {
      case COMPLETE:
        if (compensation != null) {
          T result = read(record, record.result(), type);
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
        return ended(record, type);
      case ERRORED:
        return ended(record, type);
      default:
        return pending(
            key,
            type,
            now.isBefore(record.wakeAt())
                ? new Decision.KeepWaiting(key, record.wakeAt())
                : new Decision.ExecuteStep(record, config, action, record.attempts().size() + 1));
    }
  }

  @Override
  public <T> T await(StepHandle<T> handle) {
    Branch<T> branch = own(handle);
    if (!branch.hasEnded()) {
      suspendOnPendingBranches();
    }
    return valueOf(branch);
  }

  @Override
  public <T> List<T> all(List<? extends StepHandle<? extends T>> handles) {
    List<Branch<? extends T>> awaited = own(handles);
    if (!awaited.stream().allMatch(Branch::hasEnded)) {
      suspendOnPendingBranches();
    }
    Optional<Branch<? extends T>> firstFailure =
        awaited.stream()
            .filter(branch -> branch.ended().status() == StepStatus.ERRORED)
            .min(FIRST_ENDED);
    if (firstFailure.isPresent()) {
      throw failure(firstFailure.get());
    }
    List<T> results = new ArrayList<>();
    awaited.forEach(branch -> results.add(valueOf(branch)));
    return results;
  }

  @Override
  public StepHandle<?> any(Race race, StepHandle<?>... handles) {
    Objects.requireNonNull(race, "race");
    List<Branch<?>> raced = own(Arrays.asList(handles));
    if (raced.isEmpty()) {
      throw new IllegalArgumentException("any needs at least one handle");
    }
    Optional<Branch<?>> winner = raced.stream().filter(Branch::hasEnded).min(FIRST_ENDED);
    if (winner.isEmpty()) {
      suspendOnPendingBranches();
    }
    if (race == Race.CANCEL_OTHERS) {
      raced.stream().filter(branch -> !branch.hasEnded()).forEach(this::cancel);
    }
    return winner.get();
  }

  /** The first to end wins a race; operations that ended together rank in start order. */
  private static final Comparator<Branch<?>> FIRST_ENDED =
      Comparator.comparing(
              (Branch<?> branch) -> branch.ended().endedAt(),
              Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingInt(Branch::order);

  /** A loser of a cancelling race: recorded as cancelled, never moved on again. */
  private void cancel(Branch<?> loser) {
    if (loser.pending() instanceof Decision.ReceiveEvent receive) {
      eventsTaken.remove(receive.event().id()); // the event stays for another wait
    }
    StepState record = instance.steps().get(loser.key());
    StepType type = typeOf(loser.pending());
    StepState base = record != null ? record : StepState.fresh(loser.key(), type);
    StepState cancelled =
        base.cancelled(
            new ErrorInfo(CANCELLED, "cancelled: another operation won the race it was in"), now);
    settled.add(cancelled);
    loser.end(cancelled);
  }

  private static StepType typeOf(Decision pending) {
    if (pending instanceof Decision.StartSleep) {
      return StepType.SLEEP;
    }
    if (pending instanceof Decision.StartWait) {
      return StepType.EVENT;
    }
    return StepType.DO;
  }

  /**
   * Suspends {@code run}: every started operation that has not ended moves on now, together (those
   * {@code run} awaits and those it left running).
   */
  private void suspendOnPendingBranches() {
    List<Decision> parts = new ArrayList<>();
    for (Branch<?> branch : branches) {
      if (branch.pending() != null) {
        parts.add(branch.pending());
      }
    }
    suspend(parts.size() == 1 ? parts.get(0) : new Decision.Parallel(parts));
  }

  private <T> T valueOf(Branch<T> branch) {
    StepState record = branch.ended();
    if (record.status() == StepStatus.ERRORED) {
      throw failure(branch);
    }
    return read(record, record.result(), branch.resultType());
  }

  private static StepFailedException failure(Branch<?> branch) {
    ErrorInfo error = branch.ended().error();
    return new StepFailedException(branch.name(), error.name(), error.message());
  }

  /** The handle as this replay's branch: one of its own, started by this run. */
  @SuppressWarnings("unchecked")
  private <T> Branch<T> own(StepHandle<T> handle) {
    if (pending != null) {
      throw new Suspension(); // run() swallowed the suspension and went on: stop it again
    }
    Objects.requireNonNull(handle, "handle");
    if (!(handle instanceof Branch<?> branch) || branch.owner() != this) {
      throw new IllegalArgumentException(
          "handle "
              + handle
              + " was not started by this run: a handle belongs to the run call that started it");
    }
    return (Branch<T>) branch;
  }

  private <T> List<Branch<? extends T>> own(List<? extends StepHandle<? extends T>> handles) {
    Objects.requireNonNull(handles, "handles");
    List<Branch<? extends T>> owned = new ArrayList<>();
    Set<Branch<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (StepHandle<? extends T> handle : handles) {
      Branch<? extends T> branch = own(handle);
      if (!seen.add(branch)) {
        throw new IllegalArgumentException("handle " + branch + " is given twice");
      }
      owned.add(branch);
    }
    return owned;
  }

  private <T> Branch<T> pending(StepKey key, JavaType type, Decision next) {
    Branch<T> branch = Branch.pending(this, key, branches.size(), type, next);
    branches.add(branch);
    return branch;
  }

  private <T> Branch<T> ended(StepState record, JavaType type) {
    Branch<T> branch = Branch.ended(this, record.key(), branches.size(), type, record);
    branches.add(branch);
    return branch;
  }

  /** A sleep already recorded: over, over now (recorded as woken), or still running. */
  private StepHandle<Void> recordedSleep(StepState record) {
    if (record.status() == StepStatus.COMPLETE) {
      return ended(record, voidType);
    }
    if (now.isBefore(record.wakeAt())) {
      return pending(
          record.key(), voidType, new Decision.KeepWaiting(record.key(), record.wakeAt()));
    }
    StepState woken = record.woken(now);
    settled.add(woken);
    return ended(woken, voidType);
  }

  /** The record of {@code key}, checked to be of {@code type}; null when there is none. */
  private StepState recorded(StepKey key, StepType type) {
    StepState record = instance.steps().get(key);
    if (record != null) {
      requireType(record, type);
    }
    return record;
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
