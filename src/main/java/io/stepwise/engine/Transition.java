package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one message changes, committed in one database transaction and then published.
 *
 * @param expectedSeq the sequence the instance must still have at commit (else another message won
 *     and this transition is dropped)
 * @param stepWrites step records to insert or replace
 * @param consumedEvents events handed to waitForEvent steps
 * @param rollback the rollback outcome to show, when this transition starts or ends a rollback
 * @param rollbackEndsIn while rolling back, the status the instance will end in
 */
public record Transition(
    long expectedSeq,
    InstanceStatus status,
    JsonNode output,
    ErrorInfo error,
    Instant startedAt,
    Instant endedAt,
    List<StepState> stepWrites,
    List<ConsumedEvent> consumedEvents,
    Rollback.Outcome rollback,
    InstanceStatus rollbackEndsIn,
    List<Outbound> outbound) {

  public Transition {
    stepWrites = List.copyOf(stepWrites);
    consumedEvents = List.copyOf(consumedEvents);
    outbound = List.copyOf(outbound);
  }

  /** The sequence the instance has after this transition; published messages carry it. */
  public long nextSeq() {
    return expectedSeq + 1;
  }

  /**
   * The same transition for an instance an operator paused while its step ran: the step's record is
   * kept, but the instance stops (paused) and nothing is published to advance it.
   */
  /**
   * The event types of the waits the instance is left in, when this transition leaves it waiting
   * for events (one wait, or several started in parallel): the instance waits for any of them,
   * unless one is already there.
   */
  public List<String> awaitedEvents() {
    return status != InstanceStatus.WAITING
        ? List.of()
        : stepWrites.stream()
            .filter(step -> step.type() == StepType.EVENT && step.status() == StepStatus.WAITING)
            .map(StepState::eventType)
            .distinct()
            .toList();
  }

  /**
   * This transition, advancing the instance at once as well (an awaited event is already there).
   */
  public Transition wakingNow() {
    List<Outbound> next = new ArrayList<>(outbound);
    next.add(new Outbound.RunNext(nextSeq()));
    return new Transition(
        expectedSeq,
        status,
        output,
        error,
        startedAt,
        endedAt,
        stepWrites,
        consumedEvents,
        rollback,
        rollbackEndsIn,
        next);
  }

  public Transition pausedInstead() {
    return new Transition(
        expectedSeq,
        InstanceStatus.PAUSED,
        null,
        null,
        startedAt,
        null,
        stepWrites,
        consumedEvents,
        null,
        null,
        List.of(new Outbound.StatusChanged(InstanceStatus.PAUSED)));
  }
}
