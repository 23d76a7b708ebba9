package io.stepwise.health;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once every Kafka consumer of the service has joined its consumer group (its
 * partitions, if any are left for it, are assigned). A replica that has not joined yet would take
 * no work; one whose group generation is gone (kicked out after a long pause) takes none either.
 *
 * <p>A consumer can only be asked on its polling thread, which answers between two polls (up to a
 * poll timeout later). So the group states are read in the background every {@code
 * stepwise.health.consumer-groups.refresh} (1 s) and a readiness request answers the last reading
 * at once: not ready until a first reading found every consumer joined.
 */
@Readiness
@ApplicationScoped
public class ConsumerGroupReadiness implements AsyncHealthCheck {

  static final String NAME = "Stepwise consumer groups joined";

  private final KafkaClientService clients;

  /**
   * A reading older than this is not believed: the refresh runs every second and gives up after 5
   * s, so an older one means the refresh itself stopped, and the last UP must not stand forever.
   */
  static final Duration STALE_AFTER = Duration.ofSeconds(15);

  /** Each consumer channel's state at a reading, and when it was taken. */
  private record Reading(Map<String, Boolean> joined, long atNanos) {}

  /** The last reading; null before the first. */
  private final AtomicReference<Reading> last = new AtomicReference<>();

  private final AtomicLong readings = new AtomicLong();

  ConsumerGroupReadiness(KafkaClientService clients) {
    this.clients = clients;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    Reading reading = last.get();
    if (reading == null) {
      return Uni.createFrom().item(response.down().withData("error", "not read yet").build());
    }
    Duration age = Duration.ofNanos(System.nanoTime() - reading.atNanos());
    if (age.compareTo(STALE_AFTER) > 0) {
      return Uni.createFrom()
          .item(
              response
                  .down()
                  .withData("error", "last reading is " + age.toSeconds() + " s old")
                  .build());
    }
    Map<String, Boolean> states = reading.joined();
    states.forEach(response::withData);
    return Uni.createFrom()
        .item(response.status(!states.isEmpty() && !states.containsValue(false)).build());
  }

  /**
   * How many readings of the group states were taken (what a test checks requests do not cause).
   */
  public long readings() {
    return readings.get();
  }

  @Scheduled(
      every = "${stepwise.health.consumer-groups.refresh:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> refresh() {
    return Multi.createFrom()
        .iterable(clients.getConsumerChannels())
        .onItem()
        .transformToUniAndMerge(channel -> joined(channel).map(ok -> Map.entry(channel, ok)))
        .collect()
        .asMap(Map.Entry::getKey, Map.Entry::getValue)
        .ifNoItem()
        .after(Duration.ofSeconds(5))
        .recoverWithItem(Map::of) // a stuck consumer: not ready
        .invoke(
            states -> {
              last.set(new Reading(Map.copyOf(states), System.nanoTime()));
              readings.incrementAndGet();
            })
        .replaceWithVoid();
  }

  private Uni<Boolean> joined(String channel) {
    List<KafkaConsumer<Object, Object>> consumers = clients.getConsumers(channel);
    return Multi.createFrom()
        .iterable(consumers)
        .onItem()
        .transformToUniAndMerge(
            consumer ->
                consumer
                    .runOnPollingThread(c -> c.groupMetadata().generationId() > 0)
                    .onFailure()
                    .recoverWithItem(false))
        .collect()
        .asList()
        .map(states -> !states.isEmpty() && states.stream().allMatch(Boolean::booleanValue));
  }
}
