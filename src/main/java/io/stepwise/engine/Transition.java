package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything one message changes, committed in one database transaction and then published.
 *
 * @param expectedSeq the sequence the instance must still have at commit (else another message won
 *     and this transition is dropped)
 * @param stepWrites step records to insert or replace
 */
public record Transition(
    long expectedSeq,
    InstanceStatus status,
    JsonNode output,
    ErrorInfo error,
    Instant startedAt,
    Instant endedAt,
    List<StepState> stepWrites,
    List<Outbound> outbound) {

  public Transition {
    stepWrites = List.copyOf(stepWrites);
    outbound = List.copyOf(outbound);
  }

  /** The sequence the instance has after this transition; published messages carry it. */
  public long nextSeq() {
    return expectedSeq + 1;
  }
}
