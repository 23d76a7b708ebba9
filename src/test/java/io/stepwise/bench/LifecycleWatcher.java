package io.stepwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How the benchmark learns that an instance ended: the {@code stepwise.lifecycle} topic, a public
 * interface (no polling load on the engine). Each ended instance completes its future with the
 * {@code System.nanoTime()} at which its final status arrived, and the status.
 */
final class LifecycleWatcher implements AutoCloseable {

  record Ended(long atNanos, String status) {}

  private static final Set<String> FINAL = Set.of("complete", "errored", "terminated");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, CompletableFuture<Ended>> waiting = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, String> consumer;
  private final Thread poller;
  private volatile boolean running = true;

  LifecycleWatcher(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                "1"));
    consumer.subscribe(List.of("stepwise.lifecycle"));
    // Wait for the assignment before anything is submitted, so no end is missed.
    while (consumer.assignment().isEmpty()) {
      consumer.poll(Duration.ofMillis(100));
    }
    poller = new Thread(this::poll, "bench-lifecycle");
    poller.setDaemon(true);
    poller.start();
  }

  /** Registers the instance before it is created; the future completes when it ends. */
  CompletableFuture<Ended> expect(String instanceId) {
    return waiting.computeIfAbsent(instanceId, id -> new CompletableFuture<>());
  }

  private void poll() {
    while (running) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
        long now = System.nanoTime();
        try {
          JsonNode message = JSON.readTree(record.value());
          String status = message.path("status").asText();
          if (FINAL.contains(status)) {
            CompletableFuture<Ended> future = waiting.remove(message.path("id").asText());
            if (future != null) {
              future.complete(new Ended(now, status));
            }
          }
        } catch (Exception unreadable) {
          // not ours to judge: the benchmark only reads ends
        }
      }
    }
    consumer.close();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(5_000);
  }
}
