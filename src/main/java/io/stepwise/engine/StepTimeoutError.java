package io.stepwise.engine;

/** An attempt took longer than its step's timeout. Retryable, like any other failure. */
public class StepTimeoutError extends RuntimeException {
  public StepTimeoutError(String message) {
    super(message);
  }
}
