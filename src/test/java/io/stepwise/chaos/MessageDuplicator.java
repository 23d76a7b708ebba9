package io.stepwise.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads the engine's step, timer and event topics and publishes copies of a share of their messages
 * again, each after a random delay of up to two seconds: duplicates, stale copies (the instance has
 * moved on by then) and reordering, as a redelivering broker or a replaying producer would make
 * them.
 */
final class MessageDuplicator implements AutoCloseable {

  private static final Pattern TOPICS = Pattern.compile("stepwise\\.(steps|events|timers\\..+)");

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger copies = new AtomicInteger();
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
  private final Thread reader;
  private final KafkaProducer<byte[], byte[]> producer;

  MessageDuplicator(String bootstrap, double share, Random random) {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000));
    reader =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer =
                  new KafkaConsumer<>(
                      Map.of(
                          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                          bootstrap,
                          ConsumerConfig.GROUP_ID_CONFIG,
                          "chaos-duplicator-" + UUID.randomUUID(),
                          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                          "earliest",
                          ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                          1000,
                          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                          ByteArrayDeserializer.class,
                          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                          ByteArrayDeserializer.class))) {
                consumer.subscribe(TOPICS);
                while (running.get()) {
                  for (ConsumerRecord<byte[], byte[]> record :
                      consumer.poll(Duration.ofMillis(200))) {
                    if (random.nextDouble() < share) {
                      ProducerRecord<byte[], byte[]> copy =
                          new ProducerRecord<>(
                              record.topic(), null, record.key(), record.value(), record.headers());
                      delays.schedule(
                          () -> {
                            producer.send(copy);
                            copies.incrementAndGet();
                          },
                          random.nextInt(2000),
                          TimeUnit.MILLISECONDS);
                    }
                  }
                }
              } catch (RuntimeException e) {
                if (running.get()) {
                  throw e;
                }
              }
            },
            "chaos-duplicator");
    reader.start();
  }

  int copies() {
    return copies.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    reader.join(10_000);
    delays.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
