package io.stepwise.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Transition;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The state of instances this replica advanced last, so that the next step message of an instance
 * needs no load: its steps, pending events and sequence as the engine's own commit left them.
 *
 * <p>It is a hint, never the truth. An entry is only used for a message carrying the sequence it
 * was stored with, and every write still checks the sequence under the instance's row lock: an
 * entry that is stale (another replica advanced the instance, an operator restarted it) makes the
 * write fail and the message is handled again from a fresh load. What an operator may change
 * without moving the sequence — pausing, sending an event — the commit sees as it would after a
 * load. Entries are kept per partition of the steps topic and dropped when the partition is revoked
 * or assigned. Of an instance that waits for an event, rolls back or ends only the sequence is kept
 * (a tombstone weighing as one step), enough to drop the messages its inline run overtook.
 */
@ApplicationScoped
public class InstanceCache {

  private final Cache<Long, Entry> entries;

  /**
   * What this replica knows of an instance: its whole state after its last commit here, or only
   * that commit's sequence (a tombstone) when the state is not kept — an end, a wait for an event,
   * a rollback — so that the step messages its inline run overtook are still dropped without a
   * load.
   */
  private record Entry(int partition, InstanceState state, long seq) {
    static Entry of(int partition, InstanceState state) {
      return new Entry(partition, state, state.seq());
    }
  }

  InstanceCache(
      @ConfigProperty(name = "stepwise.cache.max-steps", defaultValue = "100000") long maxSteps) {
    // Weighed by steps, so a few long instances cannot take the heap that many short ones would.
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(maxSteps)
            .<Long, Entry>weigher(
                (pk, entry) -> 1 + (entry.state() == null ? 0 : entry.state().steps().size()))
            .build();
  }

  /** The cached state of instance {@code pk}, if it is there with sequence {@code seq}. */
  public Optional<InstanceState> find(long pk, long seq) {
    Entry entry = entries.getIfPresent(pk);
    return entry != null && entry.state() != null && entry.seq() == seq
        ? Optional.of(entry.state())
        : Optional.empty();
  }

  /**
   * Whether a message with sequence {@code seq} is certainly stale: this replica committed the
   * instance past it (a sequence never goes back), so it needs no load to be dropped.
   */
  public boolean isPast(long pk, long seq) {
    Entry entry = entries.getIfPresent(pk);
    return entry != null && entry.seq() > seq;
  }

  /**
   * Keeps the state {@code committed} left {@code instance} in, when the engine knows all of it;
   * otherwise only the sequence it committed (every sequence below it is stale for good: no command
   * ever lowers an instance's sequence).
   */
  public void committed(int partition, InstanceState instance, Transition committed) {
    InstanceState after = keepable(instance, committed) ? instance.after(committed) : null;
    if (after != null && !after.waitsForEvent()) {
      entries.put(instance.pk(), Entry.of(partition, after));
    } else {
      entries.put(instance.pk(), new Entry(partition, null, committed.nextSeq()));
    }
  }

  /** Keeps a new instance's state (nothing recorded yet), which its creation knows entirely. */
  public void created(int partition, InstanceState instance) {
    entries.put(instance.pk(), Entry.of(partition, instance));
  }

  public void forget(long pk) {
    entries.invalidate(pk);
  }

  /**
   * The partitions moved (revoked, lost or newly assigned): their instances may change elsewhere.
   */
  public void forgetPartitions(Collection<Integer> partitions) {
    entries.asMap().values().removeIf(entry -> partitions.contains(entry.partition()));
  }

  /**
   * Only states the engine computes entirely from the transition: running, or waiting for a timer
   * (not for an event: one may arrive at any time, and the cached events would not show it), not a
   * rollback (its bookkeeping is the row's), not an end, not paused.
   */
  public static boolean keepable(InstanceState instance, Transition committed) {
    InstanceStatus status = committed.status();
    return (status == InstanceStatus.RUNNING || status == InstanceStatus.WAITING)
        && instance.rollback() == null
        && committed.rollback() == null
        && committed.rollbackEndsIn() == null;
  }
}
