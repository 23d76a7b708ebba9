package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a replay's decision (and, for a step, its attempt's outcome) into the {@link Transition} to
 * commit. A pure function: (state, decision, outcome, now) → transition.
 */
public final class TransitionPlanner {

  /** The error of a waitForEvent whose timeout passed first. */
  public static final String EVENT_TIMEOUT = "WaitForEventTimeoutError";

  private TransitionPlanner() {}

  /**
   * An instance an operator paused while its step message waited: no step is running, so the pause
   * takes effect at once, without replaying.
   */
  public static Transition pauseNow(InstanceState instance) {
    return new Transition(
        instance.seq(),
        InstanceStatus.PAUSED,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        null,
        null,
        List.of(new Outbound.StatusChanged(InstanceStatus.PAUSED)));
  }

  /**
   * What a planned transition becomes when it meets the instance's row at commit: its paused form
   * when an operator paused the instance while the step ran ({@code rowStatus} waiting for the
   * pause), else the transition as planned.
   */
  public static Transition atCommit(Transition planned, InstanceStatus rowStatus) {
    return rowStatus == InstanceStatus.WAITING_FOR_PAUSE ? planned.pausedInstead() : planned;
  }

  /**
   * A transition that starts a wait whose event had already arrived when it commits (sent after the
   * replay read the instance): it must advance the instance at once, or nothing would wake it.
   */
  public static Transition awaitedEventArrived(Transition committed) {
    return committed.wakingNow();
  }

  public static Transition plan(
      InstanceState instance, ReplayResult replay, AttemptOutcome outcome, Instant now) {
    Decision decision = replay.decision();
    return planAttempts(
        instance,
        replay,
        decision instanceof Decision.ExecuteStep execute && outcome != null
            ? Map.of(execute.step().key(), outcome)
            : Map.of(),
        now);
  }

  /**
   * The transition of a replay whose decision attempted steps: {@code outcomes} holds each
   * attempt's outcome by step key (one for an {@link Decision.ExecuteStep}, one per step of a
   * {@link Decision.Parallel}).
   */
  public static Transition planAttempts(
      InstanceState instance,
      ReplayResult replay,
      Map<StepKey, AttemptOutcome> outcomes,
      Instant now) {
    Builder next = new Builder(instance, now);
    next.steps.addAll(replay.settledSteps());
    // Java 17 has no pattern switch; the decision types are sealed, so this chain is complete.
    Decision decision = replay.decision();
    if (decision instanceof Decision.Finish finish) {
      next.end(InstanceStatus.COMPLETE).output = finish.output();
    } else if (decision instanceof Decision.Fail fail) {
      next.end(InstanceStatus.ERRORED).error = fail.error();
    } else if (decision instanceof Decision.BeginRollback begin) {
      next.error = begin.error();
      next.rollback = Rollback.Outcome.RUNNING;
      next.rollbackEndsIn = InstanceStatus.ERRORED;
      next.runNext();
    } else if (decision instanceof Decision.FinishRollback finish) {
      next.end(finish.finalStatus()).rollback = finish.outcome();
    } else if (decision instanceof Decision.Parallel parallel) {
      // The instance advances when any part moved on (run() may get further); else it waits for
      // the earliest of the parts' times (a sleep's end, a retry, a wait's timeout).
      boolean progress = false;
      Instant earliest = null;
      for (Decision part : parallel.parts()) {
        Optional<Instant> wake = applyPart(next, instance, part, outcomes, now);
        if (wake.isEmpty()) {
          progress = true;
        } else if (earliest == null || wake.get().isBefore(earliest)) {
          earliest = wake.get();
        }
      }
      if (progress) {
        next.runNext();
      } else {
        next.waitUntil(earliest);
      }
    } else {
      applyPart(next, instance, decision, outcomes, now)
          .ifPresentOrElse(next::waitUntil, next::runNext);
    }
    return next.build();
  }

  /**
   * Records what one operation's decision changes, and answers when the instance must wake for it
   * (empty: the operation moved on, so run() may get further now).
   */
  private static Optional<Instant> applyPart(
      Builder next,
      InstanceState instance,
      Decision part,
      Map<StepKey, AttemptOutcome> outcomes,
      Instant now) {
    if (part instanceof Decision.KeepWaiting waiting) {
      StepState record = instance.steps().get(waiting.key());
      if (record != null && record.type() == StepType.EVENT) {
        // written again as it is, so the commit knows which events the instance now waits for
        next.steps.add(record);
      }
      return Optional.of(waiting.wakeAt());
    }
    if (part instanceof Decision.StartSleep sleep) {
      next.steps.add(StepState.sleeping(sleep.key(), sleep.startedAt(), sleep.wakeAt()));
      return Optional.of(sleep.wakeAt());
    }
    if (part instanceof Decision.StartWait wait) {
      next.steps.add(
          StepState.waitingForEvent(
              wait.key(), wait.eventType(), wait.startedAt(), wait.timeoutAt()));
      return Optional.of(wait.timeoutAt());
    }
    if (part instanceof Decision.ReceiveEvent receive) {
      next.steps.add(receive.step().received(eventJson(receive.event()), now));
      next.consumed.add(new ConsumedEvent(receive.event().id(), receive.step().key()));
      return Optional.empty();
    }
    if (part instanceof Decision.EventTimedOut timedOut) {
      next.steps.add(
          timedOut
              .step()
              .timedOut(
                  new ErrorInfo(
                      EVENT_TIMEOUT,
                      "no '"
                          + timedOut.step().eventType()
                          + "' event came before "
                          + timedOut.step().wakeAt()),
                  now));
      return Optional.empty();
    }
    if (part instanceof Decision.ExecuteStep execute) {
      AttemptOutcome outcome = outcomes.get(execute.step().key());
      if (outcome == null) {
        throw new IllegalArgumentException(
            "executing " + execute.step().key() + " needs the outcome of its attempt");
      }
      StepState record = attempted(execute, outcome);
      next.steps.add(record);
      return record.status() == StepStatus.WAITING
          ? Optional.of(record.wakeAt())
          : Optional.empty();
    }
    throw new IllegalArgumentException("unknown decision " + part);
  }

  /**
   * The record of a step after an attempt: complete, waiting for its retry, or failed for good (the
   * next replay throws StepFailedException where run() called it).
   */
  public static StepState attempted(Decision.ExecuteStep execute, AttemptOutcome outcome) {
    StepState step = execute.step();
    if (outcome instanceof AttemptOutcome.Succeeded ok) {
      return step.succeeded(
          new Attempt(execute.attempt(), ok.start(), ok.end(), true, null), ok.result());
    }
    AttemptOutcome.Failed failed = (AttemptOutcome.Failed) outcome;
    Attempt attempt =
        new Attempt(execute.attempt(), failed.start(), failed.end(), false, failed.error());
    RetryPolicy retries = execute.config().retries();
    if (failed.retryable() && retries.allowsAnotherAttempt(execute.attempt())) {
      return step.retryAt(attempt, failed.end().plus(retries.delayBeforeRetry(execute.attempt())));
    }
    return step.failed(attempt);
  }

  /** What a waitForEvent step records as its result: {@code {type, payload, timestamp}}. */
  private static JsonNode eventJson(PendingEvent event) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", event.type());
    json.set("payload", event.payload());
    json.put("timestamp", event.receivedAt().toString());
    return json;
  }

  /** Collects the parts of a transition; starts from "running, nothing changed". */
  private static final class Builder {
    private final InstanceState instance;
    private final Instant now;
    private final List<StepState> steps = new ArrayList<>();
    private final List<ConsumedEvent> consumed = new ArrayList<>();
    private final List<Outbound> outbound = new ArrayList<>();
    private InstanceStatus status = InstanceStatus.RUNNING;
    private JsonNode output;
    private ErrorInfo error;
    private Instant endedAt;
    private Rollback.Outcome rollback;
    private InstanceStatus rollbackEndsIn;

    Builder(InstanceState instance, Instant now) {
      this.instance = instance;
      this.now = now;
    }

    void runNext() {
      status = InstanceStatus.RUNNING;
      outbound.add(new Outbound.RunNext(instance.seq() + 1));
    }

    void waitUntil(Instant dueAt) {
      status = InstanceStatus.WAITING;
      outbound.add(new Outbound.WakeAt(instance.seq() + 1, dueAt));
    }

    Builder end(InstanceStatus finalStatus) {
      status = finalStatus;
      endedAt = now;
      return this;
    }

    Transition build() {
      if (!instance.status().mayBeFollowedBy(status)) {
        throw new IllegalStateException(
            "instance "
                + instance.instanceId()
                + " may not go from "
                + instance.status().wireName()
                + " to "
                + status.wireName());
      }
      if (status != instance.status()) {
        outbound.add(new Outbound.StatusChanged(status));
      }
      Instant startedAt = instance.status() == InstanceStatus.QUEUED ? now : null;
      return new Transition(
          instance.seq(),
          status,
          output,
          error,
          startedAt,
          endedAt,
          steps,
          consumed,
          rollback,
          rollbackEndsIn,
          outbound);
    }
  }
}
