package io.stepwise.engine;

import io.stepwise.api.AsyncStepBody;
import io.stepwise.api.StepBody;

/** The body of a step to execute: blocking (run on a worker) or non-blocking (a Uni). */
public sealed interface StepAction {
  record Blocking(StepBody<?> body) implements StepAction {}

  record NonBlocking(AsyncStepBody<?> body) implements StepAction {}
}
