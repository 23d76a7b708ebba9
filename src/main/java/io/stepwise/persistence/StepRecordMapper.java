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

  private static final TypeReference<List<Attempt>> ATTEMPTS = new TypeReference<>() {};

  private final ObjectMapper mapper;

  StepRecordMapper(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  StepState toState(StepRecordEntity row) {
    return new StepState(
        new StepKey(row.name, row.occurrence),
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
    row.occurrence = state.key().count();
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
