package io.stepwise.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.Attempt;
import io.stepwise.engine.ErrorInfo;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.StepState;
import io.stepwise.engine.StepStatus;
import io.stepwise.engine.StepType;
import io.stepwise.persistence.InstanceQueries;
import io.stepwise.persistence.StoredInstance;
import io.stepwise.runtime.ParamsContracts;
import io.stepwise.runtime.RegisteredWorkflow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the client (and the REST API) answers, as JSON-ready records. */
public final class Views {

  private Views() {}

  /**
   * A registered workflow: its params type, by name and as a JSON Schema, and how many instances it
   * has in each status (every status is listed, zero included, so a client can draw the same
   * columns for every workflow).
   */
  public record WorkflowView(
      String name, String paramsType, JsonNode paramsSchema, Map<String, Long> instances) {

    static WorkflowView of(
        RegisteredWorkflow workflow,
        ParamsContracts contracts,
        List<InstanceQueries.StatusCount> counts) {
      Map<String, Long> byStatus = new LinkedHashMap<>();
      for (InstanceStatus status : InstanceStatus.values()) {
        byStatus.put(status.wireName(), 0L);
      }
      counts.stream()
          .filter(c -> c.workflow().equals(workflow.name()))
          .forEach(c -> byStatus.merge(c.status(), c.count(), Long::sum));
      return new WorkflowView(
          workflow.name(),
          ParamsContracts.typeName(workflow),
          contracts.schema(workflow),
          byStatus);
    }
  }

  public record Created(String id, String status) {}

  /**
   * An event the instance {@code id} has stored. {@code duplicate}: one with the same {@code
   * eventId} was stored before, so this one was not.
   */
  public record EventAccepted(String id, String type, String eventId, boolean duplicate) {}

  public record InstanceSummary(
      String id,
      String workflow,
      String status,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt) {

    static InstanceSummary of(StoredInstance row) {
      return new InstanceSummary(
          row.instanceId(),
          row.workflow(),
          row.status(),
          row.createdAt(),
          row.startedAt(),
          row.endedAt());
    }
  }

  public record InstanceList(List<InstanceSummary> instances, String nextCursor) {}

  /**
   * One step of the timeline. {@code count} is the occurrence (a compensation has its step's);
   * {@code eventType} is set for waitForEvent steps.
   */
  public record StepView(
      String name,
      int count,
      String type,
      String status,
      List<Attempt> attempts,
      JsonNode output,
      ErrorInfo error,
      Instant startedAt,
      Instant endedAt,
      Instant wakeAt,
      String eventType) {

    /** A step still waiting (a sleep, an event wait, a retry) when its instance ended. */
    static final String CANCELLED = "cancelled";

    static StepView of(StepState step, boolean instanceEnded) {
      // the instance will never wake it: say so instead of "waiting" forever
      String status =
          instanceEnded && step.status() == StepStatus.WAITING
              ? CANCELLED
              : step.status().wireName();
      return new StepView(
          step.key().name(),
          step.key().count(),
          step.type().wireName(),
          status,
          step.attempts(),
          step.result(),
          step.error(),
          step.startedAt(),
          step.endedAt(),
          step.wakeAt(),
          step.eventType());
    }

    boolean isCompensation() {
      return StepType.ROLLBACK.wireName().equals(type);
    }
  }

  /** The rollback of an instance: running, complete or failed. */
  public record RollbackView(String status) {}

  public record InstanceView(
      String id,
      String workflow,
      String status,
      JsonNode params,
      JsonNode output,
      ErrorInfo error,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      RollbackView rollback,
      Instant attemptRunningSince,
      List<StepView> steps) {

    static InstanceView of(StoredInstance row, List<StepState> steps) {
      return new InstanceView(
          row.instanceId(),
          row.workflow(),
          row.status(),
          row.params(),
          row.output(),
          row.error(),
          row.createdAt(),
          row.startedAt(),
          row.endedAt(),
          row.rollbackStatus() == null ? null : new RollbackView(row.rollbackStatus()),
          row.attemptStartedAt(),
          steps.stream().map(step -> StepView.of(step, ended(row.status()))).toList());
    }
  }

  public record StatusView(String id, String status) {}

  private static boolean ended(String status) {
    return InstanceStatus.fromWireName(status).map(InstanceStatus::isFinal).orElse(false);
  }
}
