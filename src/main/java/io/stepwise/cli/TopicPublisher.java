package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes one record on a Stepwise input topic and waits for the broker to take it: the only part
 * of the command line that speaks Kafka rather than HTTP ({@code --via-kafka}).
 */
final class TopicPublisher {

  private TopicPublisher() {}

  /**
   * Sends {@code value} as JSON under {@code key}; answers where it landed
   * ("topic-partition@offset").
   */
  static String publish(String bootstrapServers, String topic, String key, JsonNode value) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            // a broker that is not there fails the command within seconds, not after Kafka's minute
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            10_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            15_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      var sent =
          producer
              .send(new ProducerRecord<>(topic, key, value.toString()))
              .get(20, TimeUnit.SECONDS);
      return sent.topic() + "-" + sent.partition() + "@" + sent.offset();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new CliException(
          CliException.UNREACHABLE,
          "cannot publish to "
              + topic
              + " on "
              + bootstrapServers
              + " (set --bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS): "
              + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.UNREACHABLE, "interrupted");
    }
  }
}
