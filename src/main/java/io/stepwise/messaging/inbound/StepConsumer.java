package io.stepwise.messaging.inbound;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stepwise.faults.FaultPoints;
import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.messaging.MessageCodec;
import io.stepwise.messaging.StepMessage;
import io.stepwise.runtime.EngineMetrics;
import io.stepwise.runtime.InstanceAdvancer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code stepwise.steps}. The messages of different instances are handled at the same
 * time, those of one instance in order (see {@link InstanceLanes}); each is acknowledged once
 * handled, and Kafka's offsets only move past messages that all were. A malformed message goes to
 * the dead-letter topic at once; a failure to process a good one (the database away, …) is retried
 * with back-off first, because its instance cannot advance without it.
 */
@ApplicationScoped
public class StepConsumer {

  private static final Logger LOG = Logger.getLogger(StepConsumer.class);
  private static final String CHANNEL = "steps-in";

  private final MessageCodec codec;
  private final InstanceAdvancer advancer;
  private final int processingRetries;
  private final EngineMetrics metrics;
  private final FaultPoints faults;
  private final InstanceLanes lanes;

  StepConsumer(
      MessageCodec codec,
      InstanceAdvancer advancer,
      EngineMetrics metrics,
      FaultPoints faults,
      @ConfigProperty(name = "stepwise.steps.processing-retries", defaultValue = "20") int processingRetries,
      @ConfigProperty(name = "stepwise.steps.in-flight", defaultValue = "64") int inFlight) {
    this.codec = codec;
    this.advancer = advancer;
    this.processingRetries = processingRetries;
    this.metrics = metrics;
    this.faults = faults;
    this.lanes = new InstanceLanes(inFlight);
  }

  @Incoming(CHANNEL)
  public CompletionStage<Void> onStep(Message<String> message) {
    String payload = message.getPayload();
    StepMessage step;
    try {
      step = codec.read(payload, StepMessage.class);
    } catch (MalformedMessageException malformed) {
      metrics.deadLettered(CHANNEL);
      return message.nack(malformed);
    }
    int partition = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getPartition)
        .orElse(InstanceAdvancer.NO_PARTITION);
    CompletableFuture<Void> handled = new CompletableFuture<>();
    handled.whenComplete((ok, failure) -> {
      if (failure == null) {
        message.ack();
      } else {
        metrics.deadLettered(CHANNEL);
        message.nack(failure);
      }
    });
    return lanes.submit(step.instance(), messageContext(), () -> handle(step, payload, partition), handled);
  }

  private Uni<Void> handle(StepMessage step, String payload, int partition) {
    return Uni.createFrom()
        .deferred(() -> advancer.advance(step, partition))
        .invoke(() -> faults.crashPoint(FaultPoints.AFTER_PUBLISH_BEFORE_ACK))
        .onFailure().invoke(error -> LOG.warnf(error, "STEPWISE-013 processing step message %s failed", payload))
        .onFailure(error -> !(error instanceof MalformedMessageException))
        .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).atMost(processingRetries);
  }

  /**
   * The Vert.x context of this message's own (the connector gives each message one, carrying its
   * trace): Hibernate Reactive keeps its session on the context, and messages handled at the same
   * time must not share one.
   */
  private static Context messageContext() {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("step messages are handled on a Vert.x context");
    }
    return VertxContext.isDuplicatedContext(context) ? context : VertxContext.createNewDuplicatedContext(context);
  }
}
