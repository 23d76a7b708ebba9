package io.stepwise.engine;

/**
 * Thrown inside {@code run} to stop the replay at the first operation that has not completed. An
 * {@link Error} so that workflow code catching {@code Exception} does not swallow it; no stack
 * trace, because it is control flow.
 */
final class Suspension extends Error {
  Suspension() {
    super("workflow suspended by the engine; do not catch this", null, false, false);
  }
}
