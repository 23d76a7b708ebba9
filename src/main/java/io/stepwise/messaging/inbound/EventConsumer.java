package io.stepwise.messaging.inbound;

import io.smallrye.mutiny.Uni;
import io.stepwise.client.StepwiseClient;
import io.stepwise.messaging.EventMessage;
import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.messaging.MessageCodec;
import io.stepwise.runtime.EngineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Delivers events from {@code stepwise.events}: {@code {"workflow", "id", "type", "payload"?}}, the
 * same as {@code POST …/events/{type}}. One that cannot be delivered (unknown instance, ended
 * instance, invalid type) goes to the dead-letter topic with its reason.
 */
@ApplicationScoped
public class EventConsumer {

  private final MessageCodec codec;
  private final StepwiseClient client;
  private final EngineMetrics metrics;

  EventConsumer(MessageCodec codec, StepwiseClient client, EngineMetrics metrics) {
    this.codec = codec;
    this.client = client;
    this.metrics = metrics;
  }

  @Incoming("events-in")
  public Uni<Void> onEvent(String payload) {
    return Uni.createFrom().deferred(() -> {
          EventMessage event = codec.read(payload, EventMessage.class);
          if (event.workflow() == null || event.id() == null || event.type() == null) {
            throw new MalformedMessageException("an event needs \"workflow\", \"id\" and \"type\"");
          }
          return client.sendEvent(event.workflow(), event.id(), event.type(), event.payload());
        })
        .onFailure(Refusals::isRefusal).transform(Refusals::reason)
        .onFailure(MalformedMessageException.class).invoke(() -> metrics.deadLettered("events-in"));
  }
}
