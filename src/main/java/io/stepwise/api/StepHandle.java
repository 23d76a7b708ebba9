package io.stepwise.api;

/**
 * A durable operation started without waiting for it: a step, a sleep or a wait for an event,
 * returned by the {@code start…} methods of {@link WorkflowStep}. Its result is read with {@link
 * WorkflowStep#await}, {@link WorkflowStep#all} or {@link WorkflowStep#any}.
 *
 * <p>Started operations run at the same time, each with its own retries, record and timeline bar,
 * whatever {@code run} does meanwhile (another step, a sleep) until it returns. A handle is keyed
 * by its name and occurrence in the order it was started, so a replay finds the same records
 * whatever order the operations ended in. A handle belongs to the {@code run} call that started it:
 * do not keep it beyond that call.
 *
 * @param <T> the operation's result type ({@code Void} for a sleep)
 */
public interface StepHandle<T> {

  /** The operation's name, as given when it was started. */
  String name();

  /** The occurrence of this name among the instance's operations of its type (1 for the first). */
  int count();
}
