package io.stepwise.runtime.announce;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.stepwise.runtime.VertxContexts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Tells whoever follows an instance in this process that it changed: a create-and-wait request, a
 * long poll, an SSE subscriber. A signal carries no state — the follower reads the database, the
 * truth — so a signal may be late, doubled or lost without a wrong answer: a lost one only makes
 * the follower answer at its deadline (after one more read).
 *
 * <p>Signals come from this process's own commits ({@link Announcer}) and, for instances another
 * replica advanced, from the lifecycle topic (see {@code LifecycleSignals} in the messaging
 * adapter). Keyed by the instance's primary key. No thread waits and no connection is held.
 */
@ApplicationScoped
public class InstanceSignals {

  private final Map<Long, Set<Follower>> followers = new ConcurrentHashMap<>();

  /** Who follows an instance, and whether every change wakes it or only status changes. */
  private record Follower(MultiEmitter<? super Long> emitter, boolean statusOnly) {}

  /** This process committed and announced a change of the instance. */
  void announced(Announcement announcement) {
    signal(announcement.instance(), announcement instanceof Announcement.StatusChanged);
  }

  /**
   * The instance {@code pk} changed ({@code statusChanged}: its status did): its followers read it
   * again — those that wait for its end only when its status changed.
   */
  public void signal(long pk, boolean statusChanged) {
    Set<Follower> set = followers.get(pk);
    if (set != null) {
      set.stream().filter(f -> statusChanged || !f.statusOnly()).forEach(f -> f.emitter().emit(pk));
    }
  }

  /**
   * A stream that emits once at once, then each time instance {@code pk} is signalled, until
   * cancelled; signals that come while the subscriber is busy fold into one. It emits on the Vert.x
   * context it was subscribed on (the database is read there).
   */
  public Multi<Long> changes(long pk) {
    return changes(pk, false);
  }

  private Multi<Long> changes(long pk, boolean statusOnly) {
    Executor caller = VertxContexts.currentContext();
    return Multi.createFrom()
        .<Long>emitter(
            emitter -> {
              Follower follower = new Follower(emitter, statusOnly);
              followers.computeIfAbsent(pk, ignored -> ConcurrentHashMap.newKeySet()).add(follower);
              emitter.onTermination(
                  () ->
                      followers.computeIfPresent(
                          pk,
                          (key, set) -> {
                            set.remove(follower);
                            return set.isEmpty() ? null : set;
                          }));
              emitter.emit(pk); // after registering, so no change after the first read goes unseen
            })
        .onOverflow()
        .dropPreviousItems()
        .emitOn(caller);
  }

  /** How many followers there are now (a gauge, and what tests check for leaks). */
  public int followerCount() {
    return followers.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * Reads the instance until {@code done} holds of what was read or {@code wait} has passed: once
   * at once, again on every change of its status (an end is one), and a last time at the deadline.
   */
  public <T> Uni<T> readUntil(long pk, Duration wait, Supplier<Uni<T>> read, Predicate<T> done) {
    Executor caller = VertxContexts.currentContext();
    return changes(pk, true)
        .onItem()
        .transformToUni(ignored -> read.get())
        .concatenate()
        .select()
        .where(done::test)
        .toUni()
        .ifNoItem()
        .after(wait)
        .recoverWithUni(() -> Uni.createFrom().voidItem().emitOn(caller).chain(() -> read.get()));
  }
}
