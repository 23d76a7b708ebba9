package io.stepwise.messaging.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stepwise.errors.UnknownWorkflowException;
import io.stepwise.faults.FaultPoints;
import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.messaging.MessageCodec;
import io.stepwise.messaging.StepMessage;
import io.stepwise.runtime.InstanceAdvancer;
import io.stepwise.runtime.InstanceLanes;
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
 * with back-off first, because its instance cannot advance without it (when it persists, the
 * message is dead-lettered and the sweeper picks the stalled instance up). A message of a workflow
 * this replica does not have is not garbage but version skew (a rolling deploy that adds a
 * workflow): it is acknowledged and left, and the sweeper publishes the instance's step again until
 * a replica that has the workflow takes it. No message is ever nacked, so none can fail the channel
 * (see {@link DeadLetters}).
 */
@ApplicationScoped
public class StepConsumer {

  private static final Logger LOG = Logger.getLogger(StepConsumer.class);
  private static final String CHANNEL = "steps-in";

  private final MessageCodec codec;
  private final InstanceAdvancer advancer;
  private final int processingRetries;
  private final FaultPoints faults;
  private final InstanceLanes lanes;
  private final DeadLetters deadLetters;
  private final Counter unknownWorkflow;

  StepConsumer(
      MessageCodec codec,
      InstanceAdvancer advancer,
      FaultPoints faults,
      DeadLetters deadLetters,
      InstanceLanes lanes,
      MeterRegistry registry,
      @ConfigProperty(name = "stepwise.steps.processing-retries", defaultValue = "20")
          int processingRetries) {
    this.codec = codec;
    this.advancer = advancer;
    this.processingRetries = processingRetries;
    this.faults = faults;
    this.deadLetters = deadLetters;
    this.lanes = lanes;
    this.unknownWorkflow =
        Counter.builder("stepwise.steps.unknown.workflow")
            .description(
                "Step messages left for another replica: their workflow is not deployed here")
            .register(registry);
  }

  @Incoming(CHANNEL)
  public CompletionStage<Void> onStep(Message<byte[]> message) {
    String payload;
    StepMessage step;
    try {
      payload = RecordText.of(message.getPayload());
      step = codec.read(payload, StepMessage.class);
    } catch (MalformedMessageException malformed) {
      return deadLetter(message, malformed);
    }
    int partition =
        message
            .getMetadata(IncomingKafkaRecordMetadata.class)
            .map(IncomingKafkaRecordMetadata::getPartition)
            .orElse(InstanceAdvancer.NO_PARTITION);
    CompletableFuture<Void> handled = new CompletableFuture<>();
    handled.whenComplete(
        (ok, failure) -> {
          if (failure == null) {
            message.ack();
          } else {
            deadLetter(message, failure);
          }
        });
    return lanes.submit(
        step.instance(), messageContext(), () -> handle(step, payload, partition), handled);
  }

  /**
   * Never nacked: a record that cannot be handled leaves the partition through the dead letters.
   */
  private CompletionStage<Void> deadLetter(Message<byte[]> message, Throwable failure) {
    return deadLetters
        .sendAndAck(message, CHANNEL, RecordGuard.reason(failure))
        .subscribeAsCompletionStage();
  }

  private Uni<Void> handle(StepMessage step, String payload, int partition) {
    return Uni.createFrom()
        .deferred(() -> advancer.advance(step.instance(), step.seq(), partition))
        .invoke(() -> faults.crashPoint(FaultPoints.AFTER_PUBLISH_BEFORE_ACK))
        .onFailure(UnknownWorkflowException.class)
        .recoverWithItem(this::leftForAnotherReplica)
        .onFailure()
        .invoke(
            error -> LOG.warnf(error, "STEPWISE-013 processing step message %s failed", payload))
        .onFailure(
            error -> !(error instanceof MalformedMessageException) && !Refusals.isRefusal(error))
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
        .atMost(processingRetries);
  }

  private Void leftForAnotherReplica(Throwable unknown) {
    unknownWorkflow.increment();
    LOG.warnf(
        "STEPWISE-017 %s (a rolling deploy under way?): its step is left for a replica that has the workflow;"
            + " the sweeper publishes it again meanwhile",
        unknown.getMessage());
    return null;
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
    return VertxContext.isDuplicatedContext(context)
        ? context
        : VertxContext.createNewDuplicatedContext(context);
  }
}
