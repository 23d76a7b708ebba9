package io.stepwise.messaging.inbound;

import io.smallrye.mutiny.Uni;
import io.stepwise.messaging.MalformedMessageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Handles one record of a user-facing input channel (triggers, events) so that it always leaves its
 * partition: a refusal (malformed, not UTF-8, unknown workflow, over a limit, …) is dead-lettered
 * at once; any other failure (the database away) is retried with back-off first and dead-lettered
 * with its reason when it persists. The record is then acknowledged; it is never nacked, so no
 * connector failure strategy can fail the channel.
 */
@ApplicationScoped
class RecordGuard {

  private static final Logger LOG = Logger.getLogger(RecordGuard.class);

  private final DeadLetters deadLetters;
  private final int retries;

  RecordGuard(
      DeadLetters deadLetters,
      @ConfigProperty(name = "stepwise.inputs.processing-retries", defaultValue = "10")
          int retries) {
    this.deadLetters = deadLetters;
    this.retries = retries;
  }

  Uni<Void> handle(String channel, Message<byte[]> message, Function<String, Uni<?>> work) {
    return Uni.createFrom()
        .deferred(() -> work.apply(RecordText.of(message.getPayload())))
        .onFailure(Refusals::isRefusal)
        .transform(Refusals::reason)
        .onFailure(error -> !(error instanceof MalformedMessageException))
        .invoke(
            error ->
                LOG.warnf(
                    "STEPWISE-043 a record of %s failed, retrying: %s", channel, error.toString()))
        .onFailure(error -> !(error instanceof MalformedMessageException))
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
        .atMost(retries)
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(error -> deadLetters.send(message, channel, reason(error)))
        .chain(() -> Uni.createFrom().completionStage(message.ack()));
  }

  /** A refusal's own message; any other failure says that it persisted. */
  static String reason(Throwable error) {
    if (error instanceof MalformedMessageException) {
      return error.getMessage();
    }
    return "could not be processed: " + error;
  }
}
