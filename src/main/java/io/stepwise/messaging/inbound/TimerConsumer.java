package io.stepwise.messaging.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.messaging.MessageCodec;
import io.stepwise.messaging.Publisher;
import io.stepwise.messaging.TimerMessage;
import io.stepwise.runtime.EngineMetrics;
import io.stepwise.timers.TimerTiers;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes every timer tier. Each message is held (a Vert.x timer, never a blocked thread) until it
 * is ready to move on — see {@link TimerTiers} — then routed to the next tier or to the steps, and
 * only then acknowledged, so a crash while holding it loses nothing: it is read again.
 */
@ApplicationScoped
public class TimerConsumer {

  private final MessageCodec codec;
  private final Publisher publisher;
  private final PartitionPauser pauser;
  private final TimerTiers tiers;
  private final Vertx vertx;
  private final Clock clock;
  private final MeterRegistry registry;
  private final EngineMetrics metrics;
  private final DeadLetters deadLetters;

  TimerConsumer(
      MessageCodec codec,
      Publisher publisher,
      PartitionPauser pauser,
      TimerTiers tiers,
      Vertx vertx,
      Clock clock,
      MeterRegistry registry,
      EngineMetrics metrics,
      DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
    this.registry = registry;
    this.metrics = metrics;
    this.codec = codec;
    this.publisher = publisher;
    this.pauser = pauser;
    this.tiers = tiers;
    this.vertx = vertx;
    this.clock = clock;
  }

  @Incoming(PartitionPauser.CHANNEL)
  public CompletionStage<Void> onTimer(Message<byte[]> message) {
    IncomingKafkaRecordMetadata<?, ?> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    TimerMessage timer;
    Duration hold;
    try {
      timer = codec.read(RecordText.of(message.getPayload()), TimerMessage.class);
      hold =
          TimerTiers.holdOf(record.getTopic())
              .orElseThrow(
                  () ->
                      new MalformedMessageException(
                          "topic " + record.getTopic() + " is not a timer tier"));
    } catch (MalformedMessageException malformed) {
      return deadLetters
          .sendAndAck(message, PartitionPauser.CHANNEL, malformed.getMessage())
          .subscribeAsCompletionStage();
    }
    Instant ready =
        TimerTiers.readyAt(
            hold, Instant.ofEpochMilli(timer.enqueuedAt()), Instant.ofEpochMilli(timer.dueAt()));
    long delay = millisUntil(ready);
    if (delay <= 0) {
      forward(timer, message, hold);
    } else {
      if (tiers.isOrdered(hold)) {
        // Everything behind this message in its partition is ready later: stop fetching until then.
        pauser.pauseUntil(new TopicPartition(record.getTopic(), record.getPartition()), ready);
      }
      Duration tier = hold;
      vertx.setTimer(delay, id -> forward(timer, message, tier));
    }
    // The stream goes on; this message is acknowledged when forwarded.
    return CompletableFuture.completedFuture(null);
  }

  /** Rounded up, so a timer never fires before its time. */
  private long millisUntil(Instant ready) {
    long nanos = Duration.between(clock.instant(), ready).toNanos();
    return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
  }

  private void forward(TimerMessage timer, Message<byte[]> message, Duration fromTier) {
    registry.counter("stepwise.timer.forwards", "tier", TimerTiers.topic(fromTier)).increment();
    Instant now = clock.instant();
    Instant due = Instant.ofEpochMilli(timer.dueAt());
    if (!now.isBefore(due)) {
      metrics.timerFired(Duration.between(due, now));
    }
    publisher
        .timer(timer, clock.instant())
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
        .atMost(20)
        // Never nacked (that could fail the channel): the sweeper finds the timer again in the
        // database.
        .onFailure()
        .recoverWithUni(
            error ->
                deadLetters.send(
                    message, PartitionPauser.CHANNEL, "could not be forwarded: " + error))
        .subscribe()
        .with(ok -> message.ack());
  }
}
