package io.stepwise.engine;

import io.stepwise.api.StepConfig;

/** A completed step's compensation, ready to run with the step's recorded result. */
record RegisteredCompensation(StepKey step, StepConfig config, StepAction action) {

  /** Where the compensation is recorded: beside its step, as a compensation. */
  StepKey rollbackKey() {
    return StepKey.compensationOf(step);
  }
}
