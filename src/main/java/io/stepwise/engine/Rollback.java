package io.stepwise.engine;

/**
 * An instance rolling back: its compensations run in reverse order, then it ends in {@code
 * finalStatus} (errored after a failure, terminated after a terminate with rollback).
 */
public record Rollback(InstanceStatus finalStatus) {

  /** The outcome shown on the instance: running, complete (every compensation ran) or failed. */
  public enum Outcome {
    RUNNING("running"),
    COMPLETE("complete"),
    FAILED("failed");

    private final String wireName;

    Outcome(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
