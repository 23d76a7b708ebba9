package io.stepwise.engine;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import java.time.Instant;

/**
 * Replays {@code run} against an instance's recorded steps and says what comes next. Pure apart
 * from the user's code: no I/O, no clock (the caller passes {@code now}).
 */
public final class Replayer {

  private final ObjectMapper mapper;

  public Replayer(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ReplayResult replay(
      Workflow<Object, Object> workflow, JavaType paramsType, InstanceState instance, Instant now) {
    ReplayStep step = new ReplayStep(instance.steps(), now, mapper);
    Decision decision;
    try {
      WorkflowEvent<Object> event =
          new WorkflowEvent<>(readParams(instance.params(), paramsType), instance.instanceId(), instance.createdAt());
      Object output = workflow.run(event, step);
      decision = step.pending() != null ? step.pending() : new Decision.Finish(mapper.valueToTree(output));
    } catch (Suspension suspension) {
      decision = step.pending();
    } catch (StepFailedException failed) {
      decision = step.pending() != null
          ? step.pending()
          : new Decision.Fail(new ErrorInfo(failed.errorName(), failed.getMessage()));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      decision = step.pending() != null ? step.pending() : new Decision.Fail(ErrorInfo.of(e));
    }
    return new ReplayResult(decision, step.wokenSleeps());
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
