package io.stepwise.engine;

import java.util.List;

/**
 * The outcome of one replay: the decision, and the steps the replay ended by itself (sleeps found
 * over, operations cancelled by a race), to be recorded in the same transaction.
 */
public record ReplayResult(Decision decision, List<StepState> settledSteps) {
  public ReplayResult {
    settledSteps = List.copyOf(settledSteps);
  }
}
