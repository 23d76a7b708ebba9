package io.stepwise.runtime;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Moves work between the event loop and worker threads. Hibernate Reactive must be called from the
 * Vert.x context that opened its session, so every hop to a worker comes back to that context.
 */
public final class VertxContexts {

  private VertxContexts() {}

  /** Runs blocking code on a worker and completes on the caller's Vert.x context. */
  static <T> Uni<T> onWorker(Callable<T> task) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return Uni.createFrom()
          .item(() -> call(task))
          .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
    return Uni.createFrom()
        .completionStage(() -> context.executeBlocking(task, false).toCompletionStage());
  }

  /** An executor that runs on the caller's Vert.x context (or in place outside one). */
  public static Executor currentContext() {
    Context context = Vertx.currentContext();
    return context == null
        ? Runnable::run
        : command -> context.runOnContext(ignored -> command.run());
  }

  /**
   * An executor on a new duplicated context of the caller's: work run there has context-local data
   * of its own, such as the Hibernate Reactive session a body's Panache calls open, so bodies
   * running at the same time do not share one. In place outside a Vert.x context.
   */
  static Executor newDuplicatedContext() {
    Context context = Vertx.currentContext();
    if (context == null) {
      return Runnable::run;
    }
    Context own = VertxContext.createNewDuplicatedContext(context);
    return command -> own.runOnContext(ignored -> command.run());
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }
}
