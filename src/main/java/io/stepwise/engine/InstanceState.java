package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An instance as the engine sees it when a message arrives: its row, its recorded steps (in the
 * order they were first recorded) and the events sent to it that no step has consumed yet.
 *
 * @param seq the instance's sequence: it grows by one with every transition, and a message is only
 *     acted on when it carries the current one
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
    // In the order the store recorded them (first recorded first), which Map.copyOf would lose.
    steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    events = List.copyOf(events);
  }

  /** The same instance in another status. */
  public InstanceState withStatus(InstanceStatus newStatus) {
    return new InstanceState(
        pk, workflow, instanceId, newStatus, params, seq, createdAt, steps, events, rollback);
  }

  /**
   * The instance as {@code committed} leaves it: its steps written, its consumed events gone, its
   * sequence and status moved on. (What a transition keeps on the row alone — output, error,
   * rollback — is not followed: {@link #rollback} stays as it was.)
   */
  public InstanceState after(Transition committed) {
    Map<StepKey, StepState> written = new LinkedHashMap<>(steps);
    committed.stepWrites().forEach(step -> written.put(step.key(), step));
    Set<Long> consumed =
        committed.consumedEvents().stream().map(ConsumedEvent::eventId).collect(Collectors.toSet());
    List<PendingEvent> pending =
        events.stream().filter(event -> !consumed.contains(event.id())).toList();
    return new InstanceState(
        pk,
        workflow,
        instanceId,
        committed.status(),
        params,
        committed.nextSeq(),
        createdAt,
        written,
        pending,
        rollback);
  }

  /** Whether a step waits for an event: the instance then advances when one is sent. */
  public boolean waitsForEvent() {
    return steps.values().stream()
        .anyMatch(step -> step.type() == StepType.EVENT && step.status() == StepStatus.WAITING);
  }

  public InstanceState(
      long pk,
      String workflow,
      String instanceId,
      InstanceStatus status,
      JsonNode params,
      long seq,
      Instant createdAt,
      Map<StepKey, StepState> steps) {
    this(pk, workflow, instanceId, status, params, seq, createdAt, steps, List.of(), null);
  }
}
