package io.stepwise.messaging.inbound;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.stepwise.runtime.InstanceCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows the steps topic's partitions as the consumer group moves them: the cached state of a
 * partition's instances is dropped when it leaves this replica, and again when it arrives (another
 * replica may have advanced them meanwhile).
 */
@ApplicationScoped
@Identifier(StepPartitions.NAME)
public class StepPartitions implements KafkaConsumerRebalanceListener {

  /** The name {@code mp.messaging.incoming.steps-in.consumer-rebalance-listener.name} gives. */
  public static final String NAME = "stepwise-step-partitions";

  private final InstanceCache cache;

  StepPartitions(InstanceCache cache) {
    this.cache = cache;
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    forget(partitions);
  }

  @Override
  public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    forget(partitions);
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    forget(partitions);
  }

  private void forget(Collection<TopicPartition> partitions) {
    cache.forgetPartitions(partitions.stream().map(TopicPartition::partition).toList());
  }
}
