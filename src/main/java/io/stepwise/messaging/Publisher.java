package io.stepwise.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.stepwise.timers.TimerTiers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes Stepwise's own messages, keyed by instance so an instance stays on one partition. Each
 * returned {@link Uni} completes when the broker has acknowledged the record (acks=all).
 */
@ApplicationScoped
public class Publisher {

  private final MutinyEmitter<String> steps;
  private final MutinyEmitter<String> timers;
  private final MutinyEmitter<String> lifecycle;
  private final MessageCodec codec;
  private final TimerTiers tiers;
  private final Clock clock;

  Publisher(
      @Channel("steps-out") MutinyEmitter<String> steps,
      @Channel("timers-out") MutinyEmitter<String> timers,
      @Channel("lifecycle-out") MutinyEmitter<String> lifecycle,
      MessageCodec codec,
      TimerTiers tiers,
      Clock clock) {
    this.steps = steps;
    this.timers = timers;
    this.lifecycle = lifecycle;
    this.codec = codec;
    this.tiers = tiers;
    this.clock = clock;
  }

  public Uni<Void> step(StepMessage message) {
    return send(steps, Topics.STEPS, message.instance(), message);
  }

  /** Sends a timer to the tier that fits its remaining time, or straight to the steps if due. */
  public Uni<Void> timer(long instance, long seq, Instant dueAt) {
    Instant now = clock.instant();
    return timer(new TimerMessage(instance, seq, dueAt.toEpochMilli(), now.toEpochMilli()), now);
  }

  /** Routes a timer again (a hop): to a smaller tier, or to the steps once due. */
  public Uni<Void> timer(TimerMessage message, Instant now) {
    TimerTiers.Route route = tiers.route(Instant.ofEpochMilli(message.dueAt()), now);
    if (route instanceof TimerTiers.Route.Tier tier) {
      return send(
          timers,
          TimerTiers.topic(tier.hold()),
          message.instance(),
          message.enqueuedAt(now.toEpochMilli()));
    }
    return step(message.toStepMessage());
  }

  public Uni<Void> lifecycle(long instance, LifecycleMessage message) {
    return send(lifecycle, Topics.LIFECYCLE, instance, message);
  }

  private Uni<Void> send(
      MutinyEmitter<String> emitter, String topic, long instance, Object payload) {
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withTopic(topic)
            .withKey(Long.toString(instance))
            .build();
    return emitter.sendMessage(Message.of(codec.write(payload)).addMetadata(metadata));
  }
}
