package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a replay's decision (and, for a step, its attempt's outcome) into the {@link Transition}
 * to commit. A pure function: (state, decision, outcome, now) → transition.
 */
public final class TransitionPlanner {

  private TransitionPlanner() {}

  /** The transition, or empty when the message changes nothing (an early wake-up). */
  public static Optional<Transition> plan(
      InstanceState instance, ReplayResult replay, AttemptOutcome outcome, Instant now) {
    Builder next = new Builder(instance, now);
    next.steps.addAll(replay.wokenSleeps());
    // Java 17 has no pattern switch; the decision types are sealed, so this chain is complete.
    Decision decision = replay.decision();
    if (decision instanceof Decision.KeepWaiting) {
      return Optional.empty();
    } else if (decision instanceof Decision.StartSleep sleep) {
      next.steps.add(StepState.sleeping(sleep.key(), sleep.startedAt(), sleep.wakeAt()));
      next.waitUntil(sleep.wakeAt());
    } else if (decision instanceof Decision.Finish finish) {
      next.end(InstanceStatus.COMPLETE).output = finish.output();
    } else if (decision instanceof Decision.Fail fail) {
      next.end(InstanceStatus.ERRORED).error = fail.error();
    } else if (decision instanceof Decision.ExecuteStep execute) {
      applyAttempt(next, execute, outcome);
    } else {
      throw new IllegalArgumentException("unknown decision " + decision);
    }
    return Optional.of(next.build());
  }

  private static void applyAttempt(Builder next, Decision.ExecuteStep execute, AttemptOutcome outcome) {
    if (outcome == null) {
      throw new IllegalArgumentException("executing " + execute.step().key() + " needs the outcome of its attempt");
    }
    StepState step = execute.step();
    if (outcome instanceof AttemptOutcome.Succeeded ok) {
      next.steps.add(step.succeeded(new Attempt(execute.attempt(), ok.start(), ok.end(), true, null), ok.result()));
      next.runNext();
    } else if (outcome instanceof AttemptOutcome.Failed failed) {
      Attempt attempt = new Attempt(execute.attempt(), failed.start(), failed.end(), false, failed.error());
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

  /** Collects the parts of a transition; starts from "running, nothing changed". */
  private static final class Builder {
    private final InstanceState instance;
    private final Instant now;
    private final List<StepState> steps = new ArrayList<>();
    private final List<Outbound> outbound = new ArrayList<>();
    private InstanceStatus status = InstanceStatus.RUNNING;
    private JsonNode output;
    private ErrorInfo error;
    private Instant endedAt;

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
            "instance " + instance.instanceId() + " may not go from " + instance.status().wireName()
                + " to " + status.wireName());
      }
      if (status != instance.status()) {
        outbound.add(new Outbound.StatusChanged(status));
      }
      Instant startedAt = instance.status() == InstanceStatus.QUEUED ? now : null;
      return new Transition(instance.seq(), status, output, error, startedAt, endedAt, steps, outbound);
    }
  }
}
