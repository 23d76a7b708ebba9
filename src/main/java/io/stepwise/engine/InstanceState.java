package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instance as the engine sees it when a message arrives: its row, its recorded steps and the
 * events sent to it that no step has consumed yet.
 *
 * @param seq the instance's sequence: it grows by one with every transition, and a message is
 *     only acted on when it carries the current one
 * @param rollback set while the instance rolls back
 */
public record InstanceState(
    long pk,
    String workflow,
    String instanceId,
    InstanceStatus status,
    JsonNode params,
    long seq,
    Instant createdAt,
    Map<StepKey, StepState> steps,
    List<PendingEvent> events,
    Rollback rollback) {

  public InstanceState {
    steps = Map.copyOf(steps);
    events = List.copyOf(events);
  }

  /** The same instance in another status. */
  public InstanceState withStatus(InstanceStatus newStatus) {
    return new InstanceState(pk, workflow, instanceId, newStatus, params, seq, createdAt, steps, events, rollback);
  }

  public InstanceState(
      long pk, String workflow, String instanceId, InstanceStatus status, JsonNode params, long seq,
      Instant createdAt, Map<StepKey, StepState> steps) {
    this(pk, workflow, instanceId, status, params, seq, createdAt, steps, List.of(), null);
  }
}
