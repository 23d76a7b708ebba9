package io.stepwise.api;

/**
 * Thrown by a step body to fail the step at once, whatever its retry policy says.
 *
 * <pre>{@code
 * if (response.status() == 404) throw new NonRetryableError("order " + id + " does not exist");
 * }</pre>
 */
public class NonRetryableError extends RuntimeException {
  public NonRetryableError(String message) {
    super(message);
  }

  public NonRetryableError(String message, Throwable cause) {
    super(message, cause);
  }
}
