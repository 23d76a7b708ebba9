package io.stepwise.engine;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import java.time.Instant;
import java.util.List;

/**
 * Replays {@code run} against an instance's recorded steps and says what comes next. Pure apart
 * from the user's code: no I/O, no clock (the caller passes {@code now}).
 */
public final class Replayer {

  /** The default cap on steps per instance, so a runaway loop cannot grow an instance forever. */
  public static final int DEFAULT_MAX_STEPS = 10_000;

  private final ObjectMapper mapper;
  private final int maxSteps;

  public Replayer(ObjectMapper mapper) {
    this(mapper, DEFAULT_MAX_STEPS);
  }

  public Replayer(ObjectMapper mapper, int maxSteps) {
    this.mapper = mapper;
    this.maxSteps = maxSteps;
  }

  public ReplayResult replay(
      Workflow<Object, Object> workflow, JavaType paramsType, InstanceState instance, Instant now) {
    ReplayStep step = new ReplayStep(instance, now, mapper, maxSteps);
    Decision decision = runWorkflow(workflow, paramsType, instance, step);
    if (instance.rollback() != null) {
      decision = nextCompensation(instance, step.compensations(), now);
    } else if (decision instanceof Decision.Fail fail && !step.compensations().isEmpty()) {
      decision = new Decision.BeginRollback(fail.error());
    }
    return new ReplayResult(decision, step.settled());
  }

  private Decision runWorkflow(
      Workflow<Object, Object> workflow,
      JavaType paramsType,
      InstanceState instance,
      ReplayStep step) {
    try {
      WorkflowEvent<Object> event =
          new WorkflowEvent<>(
              readParams(instance.params(), paramsType),
              instance.instanceId(),
              instance.createdAt());
      Object output = workflow.run(event, step);
      if (step.pending() != null) {
        return step.pending();
      }
      JsonNode json = mapper.valueToTree(output);
      return StorableJson.unstorable(json)
          .<Decision>map(
              what ->
                  new Decision.Fail(
                      new ErrorInfo(
                          "IllegalArgumentException",
                          "the output contains " + what + ", which cannot be stored")))
          .orElseGet(() -> new Decision.Finish(json));
    } catch (Suspension suspension) {
      return step.pending();
    } catch (StepFailedException failed) {
      return step.pending() != null
          ? step.pending()
          : new Decision.Fail(new ErrorInfo(failed.errorName(), failed.getMessage()));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      return step.pending() != null ? step.pending() : new Decision.Fail(ErrorInfo.of(e));
    }
  }

  /**
   * While rolling back, the replay only collects the compensations of completed steps; the next to
   * run is the newest one not finished yet.
   */
  private static Decision nextCompensation(
      InstanceState instance, List<RegisteredCompensation> compensations, Instant now) {
    boolean anyFailed = false;
    for (int i = compensations.size() - 1; i >= 0; i--) {
      RegisteredCompensation compensation = compensations.get(i);
      StepState record = instance.steps().get(compensation.rollbackKey());
      if (record == null) {
        return new Decision.ExecuteStep(
            StepState.fresh(compensation.rollbackKey(), StepType.ROLLBACK),
            compensation.config(),
            compensation.action(),
            1);
      }
      if (!record.isFinished()) {
        return now.isBefore(record.wakeAt())
            ? new Decision.KeepWaiting(record.key(), record.wakeAt())
            : new Decision.ExecuteStep(
                record, compensation.config(), compensation.action(), record.attempts().size() + 1);
      }
      anyFailed |= record.status() == StepStatus.ERRORED;
    }
    return new Decision.FinishRollback(
        instance.rollback().finalStatus(),
        anyFailed ? Rollback.Outcome.FAILED : Rollback.Outcome.COMPLETE);
  }

  /**
   * Converts the stored params to the workflow's params type. Absent params read as an empty JSON
   * object when the type accepts one, so records with optional fields need no null checks.
   */
  public Object readParams(JsonNode params, JavaType paramsType) {
    if (paramsType.hasRawClass(Void.class)) {
      return null; // a workflow without params ignores whatever it is given
    }
    if (params == null || params.isNull() || params.isMissingNode()) {
      try {
        return mapper.convertValue(mapper.createObjectNode(), paramsType);
      } catch (IllegalArgumentException notAnObject) {
        return null;
      }
    }
    return mapper.convertValue(params, paramsType);
  }
}
