package io.stepwise.engine;

import com.fasterxml.jackson.databind.JavaType;
import io.stepwise.api.StepHandle;

/**
 * One operation {@code run} started in a replay (a step, a sleep, a wait), as its {@link
 * StepHandle}: either ended (its record says how) or pending (the decision that moves it on).
 */
final class Branch<T> implements StepHandle<T> {

  private final ReplayStep owner;
  private final StepKey key;
  private final int order;
  private final JavaType resultType;
  private Decision pending;
  private StepState ended;

  private Branch(ReplayStep owner, StepKey key, int order, JavaType resultType) {
    this.owner = owner;
    this.key = key;
    this.order = order;
    this.resultType = resultType;
  }

  static <T> Branch<T> pending(
      ReplayStep owner, StepKey key, int order, JavaType resultType, Decision next) {
    Branch<T> branch = new Branch<>(owner, key, order, resultType);
    branch.pending = next;
    return branch;
  }

  static <T> Branch<T> ended(
      ReplayStep owner, StepKey key, int order, JavaType resultType, StepState record) {
    Branch<T> branch = new Branch<>(owner, key, order, resultType);
    branch.ended = record;
    return branch;
  }

  @Override
  public String name() {
    return key.name();
  }

  @Override
  public int count() {
    return key.count();
  }

  ReplayStep owner() {
    return owner;
  }

  StepKey key() {
    return key;
  }

  /** Its place among the operations of the replay, in the order they were started. */
  int order() {
    return order;
  }

  JavaType resultType() {
    return resultType;
  }

  /** What must happen before it ends; null once it has ended. */
  Decision pending() {
    return pending;
  }

  /** Its record once it has ended (complete or errored); null while pending. */
  StepState ended() {
    return ended;
  }

  boolean hasEnded() {
    return ended != null;
  }

  /** Ends it now with {@code record} (a cancellation): it is no longer moved on. */
  void end(StepState record) {
    this.pending = null;
    this.ended = record;
  }

  @Override
  public String toString() {
    return key.toString();
  }
}
