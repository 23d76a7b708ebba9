package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    Builder next = new Builder(instance, now);
    next.steps.addAll(replay.wokenSleeps());
    // Java 17 has no pattern switch; the decision types are sealed, so this chain is complete.
    Decision decision = replay.decision();
    if (decision instanceof Decision.KeepWaiting waiting) {
      next.waitUntil(waiting.wakeAt());
    } else if (decision instanceof Decision.StartSleep sleep) {
      next.steps.add(StepState.sleeping(sleep.key(), sleep.startedAt(), sleep.wakeAt()));
      next.waitUntil(sleep.wakeAt());
    } else if (decision instanceof Decision.StartWait wait) {
      next.steps.add(
          StepState.waitingForEvent(
              wait.key(), wait.eventType(), wait.startedAt(), wait.timeoutAt()));
      next.waitUntil(wait.timeoutAt());
    } else if (decision instanceof Decision.ReceiveEvent receive) {
      next.steps.add(receive.step().received(eventJson(receive.event()), now));
      next.consumed.add(new ConsumedEvent(receive.event().id(), receive.step().key()));
      next.runNext();
    } else if (decision instanceof Decision.EventTimedOut timedOut) {
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
      next.runNext();
    } else if (decision instanceof Decision.Finish finish) {
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
    } else if (decision instanceof Decision.ExecuteStep execute) {
      applyAttempt(next, execute, outcome);
    } else {
      throw new IllegalArgumentException("unknown decision " + decision);
    }
    return next.build();
  }

  private static void applyAttempt(
      Builder next, Decision.ExecuteStep execute, AttemptOutcome outcome) {
    if (outcome == null) {
      throw new IllegalArgumentException(
          "executing " + execute.step().key() + " needs the outcome of its attempt");
    }
    StepState step = execute.step();
    if (outcome instanceof AttemptOutcome.Succeeded ok) {
      next.steps.add(
          step.succeeded(
              new Attempt(execute.attempt(), ok.start(), ok.end(), true, null), ok.result()));
      next.runNext();
    } else if (outcome instanceof AttemptOutcome.Failed failed) {
      Attempt attempt =
          new Attempt(execute.attempt(), failed.start(), failed.end(), false, failed.error());
      RetryPolicy retries = execute.config().retries();
      if (failed.retryable() && retries.allowsAnotherAttempt(execute.attempt())) {
        Instant retryAt = failed.end().plus(retries.delayBeforeRetry(execute.attempt()));
        next.steps.add(step.retryAt(attempt, retryAt));
        next.waitUntil(retryAt);
      } else {
        // Recorded as failed; the next replay throws StepFailedException where run() called it.
        next.steps.add(step.failed(attempt));
        next.runNext();
      }
    }
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
