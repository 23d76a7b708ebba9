package io.stepwise.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** A plain Kafka client on the test broker, to send what a user (or a fault) would send. */
final class TestKafka implements AutoCloseable {

  private final String bootstrap =
      ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
  private final KafkaProducer<String, String> producer =
      new KafkaProducer<>(
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
              ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
              ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
  private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();

  void send(String topic, String key, String value)
      throws ExecutionException, InterruptedException {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  /** Sends to one partition of the topic. */
  void send(String topic, int partition, String value)
      throws ExecutionException, InterruptedException {
    producer.send(new ProducerRecord<>(topic, partition, null, value)).get();
  }

  /** A consumer of {@code topic} from its beginning, in a group of its own. */
  KafkaConsumer<String, String> consumerFromStart(String topic) {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
    consumer.subscribe(List.of(topic));
    consumers.add(consumer);
    return consumer;
  }

  /** Everything polled from the consumer in one short poll (the caller awaits the condition). */
  static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    return records;
  }

  @Override
  public void close() {
    producer.close();
    consumers.forEach(KafkaConsumer::close);
  }
}
