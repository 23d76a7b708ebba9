package io.stepwise.api;

import io.smallrye.mutiny.Uni;

/**
 * A non-blocking step body returning a Mutiny {@link Uni}. It is subscribed on the event loop, so
 * it must not block.
 *
 * @param <T> the result type: anything Jackson can serialise
 */
@FunctionalInterface
public interface AsyncStepBody<T> {
  Uni<T> execute(StepContext context);
}
