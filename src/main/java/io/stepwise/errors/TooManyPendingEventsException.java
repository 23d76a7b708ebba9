package io.stepwise.errors;

/**
 * An instance already holds as many events as it may (sent, not yet consumed by a wait): events of
 * a type nobody waits for would otherwise pile up without bound, and an instance's pending events
 * are read whole when it advances.
 */
public class TooManyPendingEventsException extends RuntimeException {
  public TooManyPendingEventsException(String instanceId, long limit) {
    super(
        "instance '"
            + instanceId
            + "' already holds "
            + limit
            + " events that no step has consumed"
            + " (stepwise.events.max-pending); it takes more once a waitForEvent consumes some");
  }
}
