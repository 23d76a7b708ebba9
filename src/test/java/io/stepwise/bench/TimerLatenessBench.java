package io.stepwise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.stepwise.messaging.Publisher;
import io.stepwise.messaging.StepMessage;
import io.stepwise.messaging.Topics;
import io.stepwise.timers.TimerTiers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Wake-up accuracy of the timer service: schedules {@code bench.timers} timers (10,000) due over
 * the next {@code bench.spread} (60 s) through the production tiers, and records when each reaches
 * the steps topic. Prints lateness percentiles and how many woke early. Run with {@code ./mvnw
 * -Pbench test}; not part of {@code verify}.
 */
@Tag("bench")
@QuarkusTest
@TestProfile(TimerLatenessBench.ProductionTiers.class)
class TimerLatenessBench {

  /** The production tiers, not the test profile's short ones. */
  public static class ProductionTiers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "stepwise.timers.tiers", TimerTiers.DEFAULT_HOLDS, "stepwise.timers.retention", "P7D");
    }
  }

  @Inject Publisher publisher;
  @Inject ObjectMapper mapper;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void lateness() throws Exception {
    int count = Integer.getInteger("bench.timers", 10_000);
    Duration spread = Duration.parse(System.getProperty("bench.spread", "PT60S"));
    long[] due = new long[count];
    long[] arrived = new long[count];

    try (KafkaConsumer<String, String> steps = consumerAtEnd()) {
      // The first timer is due after the publishing burst is over, so the burst is not measured.
      Instant start = Instant.now().plusSeconds(5);
      for (int i = 0; i < count; i++) {
        due[i] = start.toEpochMilli() + ThreadLocalRandom.current().nextLong(spread.toMillis());
      }
      // Instance ids below zero exist nowhere: the engine drops them, this consumer times them.
      Multi.createFrom()
          .range(0, count)
          .onItem()
          .transformToUniAndMerge(i -> publisher.timer(-1L - i, 0, Instant.ofEpochMilli(due[i])))
          .collect()
          .asList()
          .await()
          .atMost(Duration.ofSeconds(60));

      int seen = 0;
      Instant deadline =
          Instant.ofEpochMilli(Arrays.stream(due).max().orElseThrow()).plusSeconds(30);
      while (seen < count && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : steps.poll(Duration.ofMillis(5))) {
          long now = System.currentTimeMillis();
          StepMessage message = mapper.readValue(record.value(), StepMessage.class);
          int i = (int) (-1L - message.instance());
          if (message.instance() < 0 && i < count && arrived[i] == 0) {
            arrived[i] = now;
            seen++;
          }
        }
      }
      report(count, spread, due, arrived, seen);
      if (Boolean.getBoolean("bench.worst")) {
        java.util.stream.IntStream.range(0, count)
            .boxed()
            .sorted((a, b) -> Long.compare(arrived[b] - due[b], arrived[a] - due[a]))
            .limit(40)
            .forEach(
                i ->
                    System.out.printf(
                        "late %d ms, due at +%d ms%n",
                        arrived[i] - due[i], due[i] - start.toEpochMilli()));
      }
      assertThat(seen).as("timers delivered").isEqualTo(count);
      assertThat(early(due, arrived)).as("timers delivered before they were due").isZero();
    }
  }

  private static long early(long[] due, long[] arrived) {
    long early = 0;
    for (int i = 0; i < due.length; i++) {
      if (arrived[i] != 0 && arrived[i] < due[i]) {
        early++;
      }
    }
    return early;
  }

  private static void report(int count, Duration spread, long[] due, long[] arrived, int seen) {
    long[] lateness = new long[seen];
    int n = 0;
    for (int i = 0; i < due.length; i++) {
      if (arrived[i] != 0) {
        lateness[n++] = arrived[i] - due[i];
      }
    }
    Arrays.sort(lateness);
    System.out.printf(
        "%n=== Stepwise timer lateness: %d timers due over %s, tiers %s ===%n",
        count, spread, TimerTiers.DEFAULT_HOLDS);
    System.out.printf("delivered %d, early %d%n", seen, early(due, arrived));
    System.out.printf(
        "lateness ms: p50 %d, p90 %d, p99 %d, max %d%n%n",
        pct(lateness, 50),
        pct(lateness, 90),
        pct(lateness, 99),
        lateness.length == 0 ? -1 : lateness[lateness.length - 1]);
  }

  private static long pct(long[] sorted, int p) {
    return sorted.length == 0
        ? -1
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private KafkaConsumer<String, String> consumerAtEnd() {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
    consumer.subscribe(List.of(Topics.STEPS));
    while (consumer.assignment().isEmpty()) {
      consumer.poll(Duration.ofMillis(100));
    }
    return consumer;
  }
}
