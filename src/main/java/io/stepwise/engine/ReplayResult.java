package io.stepwise.engine;

import java.util.List;

/**
 * The outcome of one replay: the decision, and the sleeps the replay found over (to be recorded as
 * complete in the same transaction).
 */
public record ReplayResult(Decision decision, List<StepState> wokenSleeps) {
  public ReplayResult {
    wokenSleeps = List.copyOf(wokenSleeps);
  }
}
