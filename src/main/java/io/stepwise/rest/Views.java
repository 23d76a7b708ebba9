package io.stepwise.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.Attempt;
import io.stepwise.engine.ErrorInfo;
import io.stepwise.engine.StepState;
import io.stepwise.persistence.InstanceEntity;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the REST API. */
final class Views {

  private Views() {}

  record WorkflowView(String name) {}

  record Created(String id, String status) {}

  record InstanceSummary(
      String id, String workflow, String status, Instant createdAt, Instant startedAt, Instant endedAt) {

    static InstanceSummary of(InstanceEntity row) {
      return new InstanceSummary(row.instanceId, row.workflow, row.status, row.createdAt, row.startedAt, row.endedAt);
    }
  }

  record InstanceList(List<InstanceSummary> instances, String nextCursor) {}

  record StepView(
      String name,
      int count,
      String type,
      String status,
      List<Attempt> attempts,
      JsonNode output,
      ErrorInfo error,
      Instant startedAt,
      Instant endedAt,
      Instant wakeAt) {

    static StepView of(StepState step) {
      return new StepView(
          step.key().name(), step.key().count(), step.type().wireName(), step.status().wireName(),
          step.attempts(), step.result(), step.error(), step.startedAt(), step.endedAt(), step.wakeAt());
    }
  }

  record InstanceView(
      String id,
      String workflow,
      String status,
      JsonNode params,
      JsonNode output,
      ErrorInfo error,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      List<StepView> steps) {

    static InstanceView of(InstanceEntity row, List<StepState> steps) {
      ErrorInfo error = row.errorName == null ? null : new ErrorInfo(row.errorName, row.errorMessage);
      return new InstanceView(
          row.instanceId, row.workflow, row.status, row.paramsValue(), row.outputValue(), error,
          row.createdAt, row.startedAt, row.endedAt, steps.stream().map(StepView::of).toList());
    }
  }
}
