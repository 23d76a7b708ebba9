package io.stepwise.runtime.announce;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.ErrorInfo;
import io.stepwise.engine.InstanceStatus;
import java.time.Instant;

/**
 * What a committed change of instance {@code instance} (its primary key) tells the rest of the
 * system.
 */
public sealed interface Announcement {

  long instance();

  /** Advance the instance now: the durable hand-over of its next step (the steps topic). */
  record NextStep(long instance, long seq) implements Announcement {}

  /** Advance the instance at {@code dueAt} (the timer service). */
  record WakeAt(long instance, long seq, Instant dueAt) implements Announcement {}

  /** The instance changed status (the lifecycle topic); an end carries the output or the error. */
  record StatusChanged(
      long instance,
      String workflow,
      String instanceId,
      InstanceStatus status,
      long seq,
      Instant at,
      JsonNode output,
      ErrorInfo error)
      implements Announcement {}
}
