package io.stepwise.messaging.inbound;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.stepwise.runtime.InstanceCache;
import io.stepwise.runtime.PartitionOwnership;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Follows the steps topic's partitions as the consumer group moves them: which this replica owns
 * (inline runs need it, see {@link PartitionOwnership}), and the cached state of a partition's
 * instances, dropped when it leaves this replica and again when it arrives (another replica may
 * have advanced them meanwhile).
 */
@ApplicationScoped
@Identifier(StepPartitions.NAME)
public class StepPartitions implements KafkaConsumerRebalanceListener {

  /** The name {@code mp.messaging.incoming.steps-in.consumer-rebalance-listener.name} gives. */
  public static final String NAME = "stepwise-step-partitions";

  private final InstanceCache cache;
  private final PartitionOwnership ownership;

  StepPartitions(InstanceCache cache, PartitionOwnership ownership) {
    this.cache = cache;
    this.ownership = ownership;
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    int count =
        partitions.isEmpty()
            ? 0
            : consumer.partitionsFor(partitions.iterator().next().topic()).size();
    ownership.assigned(numbers(partitions), count == 0 ? pk -> -1 : pk -> partitionOf(pk, count));
    cache.forgetPartitions(numbers(partitions));
  }

  @Override
  public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    leave(partitions);
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    leave(partitions);
  }

  /** Inline runs on these partitions stop at their next step; their cached states are dropped. */
  private void leave(Collection<TopicPartition> partitions) {
    ownership.revoked(numbers(partitions));
    cache.forgetPartitions(numbers(partitions));
  }

  /** The partition the producer's default partitioner picks for the key of instance {@code pk}. */
  static int partitionOf(long pk, int partitions) {
    return Utils.toPositive(Utils.murmur2(Long.toString(pk).getBytes(StandardCharsets.UTF_8)))
        % partitions;
  }

  private static List<Integer> numbers(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).toList();
  }
}
