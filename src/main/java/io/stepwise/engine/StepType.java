package io.stepwise.engine;

/** What kind of durable operation a step record stands for. */
public enum StepType {
  DO("do"),
  SLEEP("sleep"),
  EVENT("waitForEvent"),
  /** The compensation of a completed step, run when the instance rolls back. */
  ROLLBACK("rollback");

  private final String wireName;

  StepType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static StepType fromWireName(String name) {
    for (StepType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown step type " + name);
  }
}
