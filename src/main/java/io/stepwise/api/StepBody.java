package io.stepwise.api;

/**
 * A blocking step body. It runs on a worker thread, so it may call blocking APIs.
 *
 * @param <T> the result type: anything Jackson can serialise
 */
@FunctionalInterface
public interface StepBody<T> {
  T execute(StepContext context) throws Exception;
}
