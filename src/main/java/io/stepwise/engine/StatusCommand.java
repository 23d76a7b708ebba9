package io.stepwise.engine;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an operator may do to an instance, and what it does in each status. Pure; the status table
 * ({@link InstanceStatus}) has the last word.
 */
public enum StatusCommand {
  PAUSE("pause"),
  RESUME("resume"),
  TERMINATE("terminate"),
  RESTART("restart");

  /**
   * @param bumpsSeq whether in-flight messages for the instance become stale (they must not advance
   *     it any more)
   * @param runsNext whether a step message starts the instance (again)
   * @param startsRollback whether compensations run before the instance ends terminated
   */
  public record Effect(
      InstanceStatus status, boolean bumpsSeq, boolean runsNext, boolean startsRollback) {}

  private final String wireName;

  StatusCommand(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<StatusCommand> fromWireName(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
  }

  /** The effect on an instance in {@code current}, or empty when the command does not fit it. */
  public Optional<Effect> apply(InstanceStatus current, boolean rollback) {
    Effect effect =
        switch (this) {
          // A running step finishes first: its message keeps its seq, and its commit pauses the
          // instance.
          case PAUSE ->
              current == InstanceStatus.RUNNING
                  ? new Effect(InstanceStatus.WAITING_FOR_PAUSE, false, false, false)
                  : new Effect(InstanceStatus.PAUSED, true, false, false);
          case RESUME -> new Effect(InstanceStatus.RUNNING, true, true, false);
          case TERMINATE ->
              rollback
                  ? new Effect(InstanceStatus.RUNNING, true, true, true)
                  : new Effect(InstanceStatus.TERMINATED, true, false, false);
          case RESTART -> new Effect(InstanceStatus.QUEUED, true, true, false);
        };
    boolean fits =
        switch (this) {
          case PAUSE ->
              current == InstanceStatus.QUEUED
                  || current == InstanceStatus.RUNNING
                  || current == InstanceStatus.WAITING;
          case RESUME -> current == InstanceStatus.PAUSED;
          case TERMINATE ->
              rollback
                  ? current.isRunnable() || current == InstanceStatus.PAUSED
                  : !current.isFinal();
          case RESTART -> true;
        };
    return fits && current.mayBeFollowedBy(effect.status())
        ? Optional.of(effect)
        : Optional.empty();
  }
}
