package io.stepwise.engine;

import java.time.Instant;

/** A message a transition asks the messaging layer to publish once it is committed. */
public sealed interface Outbound {

  /** Advance the instance at once: a message on the steps topic. */
  record RunNext(long seq) implements Outbound {}

  /** Advance the instance at {@code dueAt}: a message through the timer service. */
  record WakeAt(long seq, Instant dueAt) implements Outbound {}

  /** Tell the world the instance changed status: a message on the lifecycle topic. */
  record StatusChanged(InstanceStatus status) implements Outbound {}
}
