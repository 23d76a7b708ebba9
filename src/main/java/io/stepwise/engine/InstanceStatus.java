package io.stepwise.engine;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The statuses of an instance, named as Cloudflare Workflows names them, and the one table that
 * says which status may follow which. Every change of status, by the engine or by an operator, is
 * checked against it.
 */
public enum InstanceStatus {
  QUEUED("queued"),
  RUNNING("running"),
  PAUSED("paused"),
  /** Sleeping, waiting for a retry, or waiting for an event. */
  WAITING("waiting"),
  /** Paused while a step was running: the step finishes, then the instance is paused. */
  WAITING_FOR_PAUSE("waitingForPause"),
  ERRORED("errored"),
  TERMINATED("terminated"),
  COMPLETE("complete");

  private static final Map<InstanceStatus, Set<InstanceStatus>> NEXT =
      new EnumMap<>(InstanceStatus.class);

  static {
    // engine: a message runs a step, sleeps or waits, finishes or fails; operators: pause,
    // terminate, restart (→ queued, from anywhere) and resume (paused → running).
    NEXT.put(QUEUED, EnumSet.of(RUNNING, WAITING, COMPLETE, ERRORED, PAUSED, TERMINATED, QUEUED));
    NEXT.put(
        RUNNING,
        EnumSet.of(RUNNING, WAITING, COMPLETE, ERRORED, WAITING_FOR_PAUSE, TERMINATED, QUEUED));
    NEXT.put(WAITING, EnumSet.of(RUNNING, WAITING, COMPLETE, ERRORED, PAUSED, TERMINATED, QUEUED));
    NEXT.put(WAITING_FOR_PAUSE, EnumSet.of(PAUSED, TERMINATED, QUEUED));
    NEXT.put(PAUSED, EnumSet.of(RUNNING, TERMINATED, QUEUED));
    NEXT.put(ERRORED, EnumSet.of(QUEUED));
    NEXT.put(TERMINATED, EnumSet.of(QUEUED));
    NEXT.put(COMPLETE, EnumSet.of(QUEUED));
  }

  private final String wireName;

  InstanceStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON, the database and the REST API. */
  public String wireName() {
    return wireName;
  }

  /** Whether the instance has ended and no message may advance it. */
  public boolean isFinal() {
    return this == ERRORED || this == TERMINATED || this == COMPLETE;
  }

  /** Whether a step message may advance an instance in this status. */
  public boolean isRunnable() {
    return this == QUEUED || this == RUNNING || this == WAITING;
  }

  /**
   * The status an instance shows while a step's attempt runs, when one may begin in this status: a
   * queued or waiting instance becomes running; a running one, or one that waits for a pause (the
   * step finishes, then it pauses), keeps its status.
   */
  public Optional<InstanceStatus> whileAttemptRuns() {
    return switch (this) {
      case QUEUED, WAITING -> Optional.of(RUNNING);
      case RUNNING, WAITING_FOR_PAUSE -> Optional.of(this);
      default -> Optional.empty();
    };
  }

  /** The statuses a step message may advance ({@link #isRunnable}). */
  public static List<InstanceStatus> runnable() {
    return Arrays.stream(values()).filter(InstanceStatus::isRunnable).toList();
  }

  public boolean mayBeFollowedBy(InstanceStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** Every allowed (from, to) pair: what the lifecycle tests must all exercise. */
  public static Map<InstanceStatus, Set<InstanceStatus>> transitions() {
    return NEXT;
  }

  public static Optional<InstanceStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
