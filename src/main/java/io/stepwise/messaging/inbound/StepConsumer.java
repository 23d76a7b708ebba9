package io.stepwise.messaging.inbound;

import io.smallrye.mutiny.Uni;
import io.stepwise.faults.FaultPoints;
import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.messaging.MessageCodec;
import io.stepwise.messaging.StepMessage;
import io.stepwise.runtime.InstanceAdvancer;
import io.stepwise.runtime.EngineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code stepwise.steps}. A malformed message goes to the dead-letter topic at once; a
 * failure to process a good one (the database away, …) is retried with back-off first, because its
 * instance cannot advance without it.
 */
@ApplicationScoped
public class StepConsumer {

  private static final Logger LOG = Logger.getLogger(StepConsumer.class);

  private final MessageCodec codec;
  private final InstanceAdvancer advancer;
  private final int processingRetries;
  private final EngineMetrics metrics;
  private final FaultPoints faults;

  StepConsumer(
      MessageCodec codec,
      InstanceAdvancer advancer,
      EngineMetrics metrics,
      FaultPoints faults,
      @ConfigProperty(name = "stepwise.steps.processing-retries", defaultValue = "20") int processingRetries) {
    this.codec = codec;
    this.advancer = advancer;
    this.processingRetries = processingRetries;
    this.metrics = metrics;
    this.faults = faults;
  }

  @Incoming("steps-in")
  public Uni<Void> onStep(ConsumerRecord<String, String> record) {
    String payload = record.value();
    return Uni.createFrom()
        .deferred(() -> advancer.advance(codec.read(payload, StepMessage.class), record.partition()))
        .invoke(() -> faults.crashPoint(FaultPoints.AFTER_PUBLISH_BEFORE_ACK))
        .onFailure().invoke(error -> LOG.warnf(error, "STEPWISE-013 processing step message %s failed", payload))
        .onFailure(error -> !(error instanceof MalformedMessageException))
        .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).atMost(processingRetries)
        .onFailure().invoke(() -> metrics.deadLettered("steps-in"));
  }
}
