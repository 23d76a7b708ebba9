package io.stepwise.api;

/**
 * Undoes a completed step when its instance rolls back (it fails, or is terminated with rollback).
 * Compensations run in reverse order of their steps, each with its step's retries, and like step
 * bodies may run more than once: make them idempotent.
 *
 * @param <T> the result type of the step it undoes
 */
@FunctionalInterface
public interface Compensation<T> {
  void compensate(T result, StepContext context) throws Exception;
}
