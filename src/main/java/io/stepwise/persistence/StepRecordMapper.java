package io.stepwise.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.engine.Attempt;
import io.stepwise.engine.ErrorInfo;
import io.stepwise.engine.StepKey;
import io.stepwise.engine.StepState;
import io.stepwise.engine.StepStatus;
import io.stepwise.engine.StepType;
import java.util.List;

/** Converts between step rows and the engine's {@link StepState}. */
final class StepRecordMapper {

  /**
   * The rows of compensations, as a query condition. A compensation is stored with its step's
   * occurrence negated (so the (instance, name, occurrence) key of V1 keeps both rows apart); this
   * class is the only one that knows it.
   */
  static final String COMPENSATION_ROWS = "occurrence < 0";

  static int storedOccurrence(StepKey key) {
    return key.isCompensation() ? -key.count() : key.count();
  }

  static StepKey key(String name, int storedOccurrence) {
    return storedOccurrence < 0
        ? StepKey.compensationOf(new StepKey(name, -storedOccurrence))
        : new StepKey(name, storedOccurrence);
  }

  private static final TypeReference<List<Attempt>> ATTEMPTS = new TypeReference<>() {};

  private final ObjectMapper mapper;

  StepRecordMapper(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  StepState toState(StepRecordEntity row) {
    return new StepState(
        key(row.name, row.occurrence),
        StepType.fromWireName(row.type),
        StepStatus.fromWireName(row.status),
        mapper.convertValue(JsonEnvelope.unwrap(row.attempts), ATTEMPTS),
        JsonEnvelope.unwrap(row.result),
        row.errorName == null ? null : new ErrorInfo(row.errorName, row.errorMessage),
        row.startedAt,
        row.endedAt,
        row.wakeAt,
        row.eventType);
  }

  void copyInto(StepState state, StepRecordEntity row) {
    row.name = state.key().name();
    row.occurrence = storedOccurrence(state.key());
    row.type = state.type().wireName();
    row.status = state.status().wireName();
    row.attempts = JsonEnvelope.wrap(mapper.valueToTree(state.attempts()));
    row.result = JsonEnvelope.wrap(state.result());
    row.errorName = state.error() == null ? null : state.error().name();
    row.errorMessage = state.error() == null ? null : state.error().message();
    row.startedAt = state.startedAt();
    row.endedAt = state.endedAt();
    row.wakeAt = state.wakeAt();
    row.eventType = state.eventType();
  }
}
