package io.stepwise.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.stepwise.timers.TimerTiers;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics Stepwise needs when they are missing, before any consumer subscribes (the
 * timer consumer subscribes by pattern, and only sees topics that exist when it starts). Turn it
 * off with {@code stepwise.kafka.create-topics=false} where topics are managed elsewhere (for
 * example Strimzi {@code KafkaTopic}s).
 *
 * <p>Timer tier topics keep their messages for {@code stepwise.timers.retention} (7 days by
 * default): a message sits in a tier at most its hold (1 day for the largest), so even a service
 * stopped for several days loses nothing; longer outages are healed by the sweeper from the
 * database.
 *
 * <p>The dead-letter topic ({@code stepwise.dead-letter.topic}) takes records of up to {@link
 * Topics#DLQ_MAX_RECORD_BYTES}, so every record a default broker accepts on an input topic fits
 * into it whole with its reason.
 */
@ApplicationScoped
public class KafkaTopics {

  private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

  private final Map<String, Object> kafkaConfig;
  private final TimerTiers tiers;
  private final boolean create;
  private final int partitions;
  private final short replicationFactor;
  private final Duration timerRetention;
  private final String deadLetterTopic;

  KafkaTopics(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
      TimerTiers tiers,
      @ConfigProperty(name = "stepwise.kafka.create-topics", defaultValue = "true") boolean create,
      @ConfigProperty(name = "stepwise.kafka.partitions", defaultValue = "8") int partitions,
      @ConfigProperty(name = "stepwise.kafka.replication-factor", defaultValue = "1")
          short replicationFactor,
      @ConfigProperty(name = "stepwise.timers.retention", defaultValue = "P7D")
          Duration timerRetention,
      @ConfigProperty(name = "stepwise.dead-letter.topic", defaultValue = Topics.DLQ)
          String deadLetterTopic) {
    this.deadLetterTopic = deadLetterTopic;
    this.kafkaConfig = kafkaConfig;
    this.tiers = tiers;
    this.create = create;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
    this.timerRetention = timerRetention;
    if (timerRetention.compareTo(tiers.longestHold().multipliedBy(2)) < 0) {
      throw new IllegalStateException(
          "stepwise.timers.retention ("
              + timerRetention
              + ") must be at least twice the longest timer tier ("
              + tiers.longestHold()
              + ")");
    }
  }

  /**
   * The connection settings of {@code kafka.*} (bootstrap servers, TLS, SASL) for a client of the
   * service's own, without the connector's channel keys ({@code topic…}) that Kafka clients reject.
   */
  public static Map<String, Object> clientConfig(Map<String, Object> kafkaConfig) {
    Map<String, Object> config = new HashMap<>();
    kafkaConfig.forEach(
        (key, value) -> {
          if (!key.startsWith("topic")) {
            config.put(key, value);
          }
        });
    return config;
  }

  /** Runs before the messaging connectors start (they observe at LIBRARY_BEFORE). */
  void createMissing(
      @Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE)
          StartupEvent start) {
    if (!create) {
      return;
    }
    try (Admin admin = Admin.create(clientConfig(kafkaConfig))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : Topics.FIXED) {
        if (!existing.contains(topic) && !topic.equals(Topics.DLQ)) {
          missing.add(new NewTopic(topic, partitions, replicationFactor));
        }
      }
      if (!existing.contains(deadLetterTopic)) {
        // Larger records than the inputs allow, so that any input record fits whole with its
        // reason.
        missing.add(
            new NewTopic(deadLetterTopic, partitions, replicationFactor)
                .configs(
                    Map.of(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        Integer.toString(Topics.DLQ_MAX_RECORD_BYTES))));
      }
      for (String topic : tiers.topics()) {
        if (!existing.contains(topic)) {
          missing.add(
              new NewTopic(topic, partitions, replicationFactor)
                  .configs(
                      Map.of(
                          TopicConfig.RETENTION_MS_CONFIG,
                          Long.toString(timerRetention.toMillis()))));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        LOG.infof("STEPWISE-004 created topics %s", missing.stream().map(NewTopic::name).toList());
      }
    } catch (ExecutionException | TimeoutException e) {
      LOG.warnf(
          e,
          "STEPWISE-005 could not check or create the Kafka topics; the consumers will wait for them");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
