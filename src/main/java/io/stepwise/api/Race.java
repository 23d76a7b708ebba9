package io.stepwise.api;

/** What becomes of the operations that did not end first in {@link WorkflowStep#any}. */
public enum Race {
  /** They go on; their results can still be awaited. */
  KEEP_OTHERS,
  /**
   * They are cancelled: a step is not attempted again, a sleep or a wait is abandoned, and awaiting
   * one throws {@link StepFailedException} with error name {@code StepCancelledError}.
   */
  CANCEL_OTHERS
}
