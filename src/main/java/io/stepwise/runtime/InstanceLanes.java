package io.stepwise.runtime;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the step messages of different instances at the same time, and those of one instance one
 * after the other, in the order they came — and an eager start ({@link EagerStart}) in its
 * instance's lane too, so that its step message waits for it.
 *
 * <p>A partition holds many instances; handling its messages strictly one at a time would make
 * every instance wait for the database and broker round trips of all the others. Here a message
 * starts as soon as it arrives, unless one of its instance is still being handled (then it waits
 * for that one, without taking a slot) or {@code limit} messages are running (then the consumer
 * waits for a free slot: that is the backpressure). Each message still runs on its own Vert.x
 * context.
 */
@ApplicationScoped
public class InstanceLanes {

  private final int limit;
  private final Map<Long, CompletableFuture<Void>> lanes = new HashMap<>();
  private final Queue<CompletableFuture<Void>> waitingForSlot = new ArrayDeque<>();
  private int inFlight;

  InstanceLanes(@ConfigProperty(name = "stepwise.steps.in-flight", defaultValue = "64") int limit) {
    this.limit = limit;
  }

  /**
   * Starts {@code work} for {@code instance} when the instance's previous message is done; answers
   * when the consumer may hand over its next message. {@code done} completes when the work did.
   */
  public synchronized CompletionStage<Void> submit(
      long instance, Context context, Supplier<Uni<Void>> work, CompletableFuture<Void> done) {
    CompletableFuture<Void> previous = lanes.get(instance);
    CompletableFuture<Void> mine = new CompletableFuture<>();
    lanes.put(instance, mine);
    Runnable start =
        () ->
            context.runOnContext(
                ignored ->
                    work.get()
                        .subscribe()
                        .with(
                            ok -> finish(instance, mine, done, null),
                            failure -> finish(instance, mine, done, failure)));
    if (previous == null) {
      inFlight++;
      start.run();
    } else {
      // Waiting behind its instance takes no slot: these are mostly messages of steps that an
      // inline run is executing, dropped at once when it ends.
      previous.whenComplete(
          (ok, failure) -> {
            synchronized (this) {
              inFlight++;
            }
            start.run();
          });
    }
    if (inFlight < limit) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> slot = new CompletableFuture<>();
    waitingForSlot.add(slot);
    return slot;
  }

  private void finish(
      long instance,
      CompletableFuture<Void> mine,
      CompletableFuture<Void> done,
      Throwable failure) {
    CompletableFuture<Void> slot;
    synchronized (this) {
      lanes.remove(instance, mine);
      inFlight--;
      slot = waitingForSlot.poll();
    }
    mine.complete(null);
    if (slot != null) {
      slot.complete(null);
    }
    if (failure == null) {
      done.complete(null);
    } else {
      done.completeExceptionally(failure);
    }
  }
}
