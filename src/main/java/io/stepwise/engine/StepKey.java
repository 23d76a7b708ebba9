package io.stepwise.engine;

/**
 * Identifies a step within an instance: its name, its occurrence (1, 2, …) and its kind. A step's
 * compensation, run during a rollback, is recorded beside the step under the same name and
 * occurrence, as a {@link Kind#COMPENSATION}.
 */
public record StepKey(String name, int count, Kind kind) {

  /** What a recorded step is: one of {@code run}'s own steps, or the compensation of one. */
  public enum Kind {
    STEP,
    COMPENSATION
  }

  /** One of {@code run}'s own steps. */
  public StepKey(String name, int count) {
    this(name, count, Kind.STEP);
  }

  public StepKey {
    if (kind == null) {
      throw new IllegalArgumentException("a step key needs its kind");
    }
  }

  /** The key of the compensation of the step {@code step}. */
  public static StepKey compensationOf(StepKey step) {
    return new StepKey(step.name(), step.count(), Kind.COMPENSATION);
  }

  public boolean isCompensation() {
    return kind == Kind.COMPENSATION;
  }

  @Override
  public String toString() {
    return name + "#" + count + (isCompensation() ? " (compensation)" : "");
  }
}
