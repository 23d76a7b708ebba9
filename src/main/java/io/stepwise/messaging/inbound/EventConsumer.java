package io.stepwise.messaging.inbound;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stepwise.messaging.EventMessage;
import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.messaging.MessageCodec;
import io.stepwise.operations.StepwiseOperations;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Delivers events from {@code stepwise.events}: {@code {"workflow", "id", "type", "payload"?,
 * "eventId"?}}, the same as {@code POST …/events/{type}}. One that cannot be delivered (unknown
 * instance, ended instance, invalid type, payload over 1 MiB) goes to the dead-letter topic with
 * its reason (see {@link RecordGuard}).
 */
@ApplicationScoped
public class EventConsumer {

  private static final String CHANNEL = "events-in";

  private final MessageCodec codec;
  private final StepwiseOperations operations;
  private final RecordGuard guard;

  EventConsumer(MessageCodec codec, StepwiseOperations operations, RecordGuard guard) {
    this.codec = codec;
    this.operations = operations;
    this.guard = guard;
  }

  @Incoming(CHANNEL)
  public Uni<Void> onEvent(Message<byte[]> message) {
    return guard.handle(
        CHANNEL,
        message,
        payload -> {
          EventMessage event = codec.read(payload, EventMessage.class);
          if (event.workflow() == null || event.id() == null || event.type() == null) {
            throw new MalformedMessageException("an event needs \"workflow\", \"id\" and \"type\"");
          }
          String eventId = event.eventId() != null ? event.eventId() : recordId(message);
          return operations.sendEvent(
              event.workflow(), event.id(), event.type(), event.payload(), eventId);
        });
  }

  /**
   * Names an unnamed event by its record, so a record delivered again (after a crash before its
   * offset was committed, or a retry of a commit whose answer was lost) is stored once. The
   * timestamp keeps a record of a re-created topic, at an offset used before, from being taken for
   * an old one.
   */
  static String recordId(Message<byte[]> message) {
    return message
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .map(
            r ->
                "kafka:"
                    + r.getPartition()
                    + ":"
                    + r.getOffset()
                    + ":"
                    + r.getTimestamp().toEpochMilli())
        .orElse(null);
  }
}
