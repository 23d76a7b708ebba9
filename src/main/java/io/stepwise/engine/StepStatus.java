package io.stepwise.engine;

/**
 * The status of a recorded step. There is no "running": a step is recorded when an attempt ends, so
 * an attempt in progress shows as the absence of its record (or the previous attempts).
 */
public enum StepStatus {
  /** A sleep not yet over, or a failed attempt waiting for its retry. */
  WAITING("waiting"),
  COMPLETE("complete"),
  ERRORED("errored");

  private final String wireName;

  StepStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static StepStatus fromWireName(String name) {
    for (StepStatus s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown step status " + name);
  }
}
