package io.stepwise.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongToIntFunction;

/**
 * Which partitions of the steps topic this replica owns, and since when: each assignment of a
 * partition is a new generation. A step runs inline (without waiting for its message) only while
 * the generation its run started in is still the current one, so a run stops at the next step once
 * its partition was revoked, even if the partition came back meanwhile.
 */
@ApplicationScoped
public class PartitionOwnership {

  /** The generation of a partition this replica does not own. */
  public static final long NOT_OWNED = -1;

  private final AtomicLong generations = new AtomicLong();
  private final Map<Integer, Long> owned = new ConcurrentHashMap<>();
  private volatile LongToIntFunction partitionOfInstance;

  /**
   * {@code partitions} are now this replica's; {@code partitionOfInstance} says which partition an
   * instance's step messages go to (the producer's partitioner for its key).
   */
  public void assigned(Collection<Integer> partitions, LongToIntFunction partitionOfInstance) {
    this.partitionOfInstance = partitionOfInstance;
    partitions.forEach(partition -> owned.put(partition, generations.incrementAndGet()));
  }

  /** The partition of instance {@code pk}'s step messages, when this replica owns it. */
  public OptionalInt ownedPartitionOf(long pk) {
    LongToIntFunction partitioner = partitionOfInstance;
    if (partitioner == null) {
      return OptionalInt.empty();
    }
    int partition = partitioner.applyAsInt(pk);
    return owned.containsKey(partition) ? OptionalInt.of(partition) : OptionalInt.empty();
  }

  public void revoked(Collection<Integer> partitions) {
    partitions.forEach(owned::remove);
  }

  /** The current generation of {@code partition}, or {@link #NOT_OWNED}. */
  public long generation(int partition) {
    return owned.getOrDefault(partition, NOT_OWNED);
  }

  /** Whether {@code partition} is still owned in the generation {@code generation}. */
  public boolean stillOwns(int partition, long generation) {
    return generation != NOT_OWNED && generation(partition) == generation;
  }
}
