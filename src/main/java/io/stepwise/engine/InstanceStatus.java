package io.stepwise.engine;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The statuses of an instance, named as Cloudflare Workflows names them, and the one table that
 * says which status may follow which.
 */
public enum InstanceStatus {
  QUEUED("queued"),
  RUNNING("running"),
  PAUSED("paused"),
  WAITING("waiting"),
  WAITING_FOR_PAUSE("waitingForPause"),
  ERRORED("errored"),
  TERMINATED("terminated"),
  COMPLETE("complete");

  private static final Map<InstanceStatus, Set<InstanceStatus>> NEXT =
      Map.of(
          QUEUED, EnumSet.of(RUNNING, WAITING, COMPLETE, ERRORED, PAUSED, TERMINATED),
          RUNNING, EnumSet.of(RUNNING, WAITING, COMPLETE, ERRORED, WAITING_FOR_PAUSE, TERMINATED),
          WAITING, EnumSet.of(RUNNING, WAITING, COMPLETE, ERRORED, PAUSED, TERMINATED),
          WAITING_FOR_PAUSE, EnumSet.of(PAUSED, COMPLETE, ERRORED, TERMINATED),
          PAUSED, EnumSet.of(QUEUED, TERMINATED),
          ERRORED, EnumSet.of(QUEUED),
          TERMINATED, EnumSet.of(QUEUED),
          COMPLETE, EnumSet.of(QUEUED));

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

  public boolean mayBeFollowedBy(InstanceStatus next) {
    return NEXT.get(this).contains(next);
  }

  public static Optional<InstanceStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
