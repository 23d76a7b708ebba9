package io.stepwise.runtime;

import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Transition;
import java.util.UUID;

/** How one step's execution ({@link StepExecution}) ended. */
sealed interface StepResult {

  /**
   * The transition committed: {@code before} is the state it was planned from, {@code from} the
   * status the row had, {@code nextAttemptToken} the token of the next step's attempt when it began
   * in the same transaction (the next step may then run at once with it), else null.
   */
  record Committed(
      InstanceState before, InstanceStatus from, Transition transition, UUID nextAttemptToken)
      implements StepResult {

    /** The state the commit left, as far as the engine knows it. */
    InstanceState after() {
      return before.after(transition);
    }
  }

  /**
   * The instance had moved on (its sequence, or its status): nothing was written. {@code lostRace}:
   * found at the commit, after the step's work was done (else when the attempt was to begin).
   */
  record Stale(boolean lostRace) implements StepResult {}

  /** A newer attempt of the step had begun elsewhere: this attempt's result was not recorded. */
  record Fenced(String reason) implements StepResult {}
}
