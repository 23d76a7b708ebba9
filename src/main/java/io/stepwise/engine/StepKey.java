package io.stepwise.engine;

/** Identifies a step within an instance: its name and its occurrence (1, 2, …). */
public record StepKey(String name, int count) {

  @Override
  public String toString() {
    return name + "#" + count;
  }
}
