package io.stepwise.messaging.inbound;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stepwise.runtime.announce.InstanceSignals;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code stepwise.lifecycle} in every replica (each in a consumer group of its own, from the
 * newest record on) and signals the instance each record names, so that who waits for an instance
 * here hears when another replica changed it. The key is the instance's primary key; a record
 * without one is not this service's and is passed over. Nothing is stored, so nothing is lost by
 * skipping a record: a follower reads the database again at its deadline anyway.
 */
@ApplicationScoped
public class LifecycleSignals {

  private final InstanceSignals signals;

  LifecycleSignals(InstanceSignals signals) {
    this.signals = signals;
  }

  @Incoming("lifecycle-in")
  public CompletionStage<Void> onLifecycle(Message<byte[]> message) {
    message
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .map(IncomingKafkaRecordMetadata::getKey)
        .filter(byte[].class::isInstance)
        .map(key -> new String((byte[]) key, StandardCharsets.UTF_8))
        .filter(key -> key.matches("[0-9]{1,18}"))
        .ifPresent(key -> signals.signal(Long.parseLong(key), true));
    return message.ack();
  }
}
