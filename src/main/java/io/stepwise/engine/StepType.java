package io.stepwise.engine;

/** What kind of durable operation a step record stands for. */
public enum StepType {
  DO("do"),
  SLEEP("sleep");

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
