package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * An instance as the engine sees it when a message arrives: its row and its recorded steps.
 *
 * @param seq the instance's sequence: it grows by one with every transition, and a message is
 *     only acted on when it carries the current one
 */
public record InstanceState(
    long pk,
    String workflow,
    String instanceId,
    InstanceStatus status,
    JsonNode params,
    long seq,
    Instant createdAt,
    Map<StepKey, StepState> steps) {

  public InstanceState {
    steps = Map.copyOf(steps);
  }
}
