package io.stepwise.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once every Kafka consumer of the service has joined its consumer group (its
 * partitions, if any are left for it, are assigned). A replica that has not joined yet would take
 * no work; one whose group generation is gone (kicked out after a long pause) takes none either.
 */
@Readiness
@ApplicationScoped
public class ConsumerGroupReadiness implements AsyncHealthCheck {

  private final KafkaClientService clients;

  ConsumerGroupReadiness(KafkaClientService clients) {
    this.clients = clients;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("Stepwise consumer groups joined");
    return Multi.createFrom().iterable(clients.getConsumerChannels())
        .onItem().transformToUniAndMerge(channel -> joined(channel).invoke(ok -> response.withData(channel, ok)))
        .collect().asList()
        .map(all -> response.status(all.stream().allMatch(Boolean::booleanValue)).build())
        .ifNoItem().after(Duration.ofSeconds(5)).recoverWithItem(() -> response.down().withData("error", "timed out").build());
  }

  private Uni<Boolean> joined(String channel) {
    List<KafkaConsumer<Object, Object>> consumers = clients.getConsumers(channel);
    return Multi.createFrom().iterable(consumers)
        .onItem().transformToUniAndMerge(consumer -> consumer
            .runOnPollingThread(c -> c.groupMetadata().generationId() > 0)
            .onFailure().recoverWithItem(false))
        .collect().asList()
        .map(states -> !states.isEmpty() && states.stream().allMatch(Boolean::booleanValue));
  }
}
