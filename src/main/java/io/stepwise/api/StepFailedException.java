package io.stepwise.api;

/**
 * Thrown by {@link WorkflowStep} when a step failed for good (its retries are spent, it threw
 * {@link NonRetryableError}, or its arguments were invalid). Catch it inside {@code run} to
 * continue the workflow; left uncaught, the instance ends {@code errored} with the step's error
 * name and message.
 */
public class StepFailedException extends RuntimeException {
  private final String stepName;
  private final String errorName;

  public StepFailedException(String stepName, String errorName, String message) {
    super(message);
    this.stepName = stepName;
    this.errorName = errorName;
  }

  /** The name of the step that failed. */
  public String stepName() {
    return stepName;
  }

  /** The name of the error the step's last attempt failed with (its exception's simple name). */
  public String errorName() {
    return errorName;
  }
}
