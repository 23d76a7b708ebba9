package io.stepwise.engine;

import io.stepwise.api.StepConfig;

/** A completed step's compensation, ready to run with the step's recorded result. */
record RegisteredCompensation(StepKey step, StepConfig config, StepAction action) {

  /** Rollback records reuse the step's name with a negative occurrence, so they never clash. */
  StepKey rollbackKey() {
    return new StepKey(step.name(), -step.count());
  }
}
