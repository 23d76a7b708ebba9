package io.stepwise.engine;

/** The workflow code no longer matches what its instance recorded. */
public class NonDeterminismError extends RuntimeException {
  public NonDeterminismError(String message) {
    super(message);
  }
}
