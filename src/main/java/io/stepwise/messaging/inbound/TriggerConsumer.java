package io.stepwise.messaging.inbound;

import io.smallrye.mutiny.Uni;
import io.stepwise.engine.Retention;
import io.stepwise.errors.DuplicateInstanceException;
import io.stepwise.errors.InvalidInputException;
import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.messaging.MessageCodec;
import io.stepwise.messaging.TriggerMessage;
import io.stepwise.operations.RetentionText;
import io.stepwise.runtime.InstanceService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Creates instances from {@code stepwise.triggers}: {@code {"workflow", "id"?, "params"?,
 * "retention"?}}, checked as a REST create request is ({@link InstanceService#validate}). A trigger
 * whose id exists is skipped (idempotent); one that cannot be processed goes to the dead-letter
 * topic with its reason (see {@link RecordGuard}), and the partition flows on.
 */
@ApplicationScoped
public class TriggerConsumer {

  private static final Logger LOG = Logger.getLogger(TriggerConsumer.class);
  private static final String CHANNEL = "triggers-in";

  private final MessageCodec codec;
  private final InstanceService instances;
  private final RecordGuard guard;

  TriggerConsumer(MessageCodec codec, InstanceService instances, RecordGuard guard) {
    this.codec = codec;
    this.instances = instances;
    this.guard = guard;
  }

  private static Retention retention(TriggerMessage trigger) {
    if (trigger.retention() == null) {
      return null;
    }
    try {
      return RetentionText.parse(
          trigger.retention().successRetention(), trigger.retention().errorRetention());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  @Incoming(CHANNEL)
  public Uni<Void> onTrigger(Message<byte[]> message) {
    return guard.handle(
        CHANNEL,
        message,
        payload -> {
          TriggerMessage trigger = codec.read(payload, TriggerMessage.class);
          if (trigger.workflow() == null) {
            throw new MalformedMessageException("a trigger needs \"workflow\"");
          }
          return instances
              .create(trigger.workflow(), trigger.id(), trigger.params(), retention(trigger))
              .onFailure(DuplicateInstanceException.class)
              .recoverWithItem(
                  duplicate -> {
                    LOG.debugf("STEPWISE-030 trigger skipped: %s", duplicate.getMessage());
                    return null;
                  });
        });
  }
}
