package io.stepwise.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.ReceivedEvent;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.ValidatedParams;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * A step, then a wait for an {@code approval} event (send it with {@code POST
 * …/instances/{id}/events/approval}), then a step. Outputs the event's payload, or {@code "timed
 * out"} when no approval came within {@code timeoutSeconds} (default 3600).
 */
@WorkflowName("approval")
@ApplicationScoped
public class ApprovalWorkflow implements Workflow<ApprovalWorkflow.Params, JsonNode> {

  public record Params(Long timeoutSeconds) implements ValidatedParams {
    public Params {
      timeoutSeconds = timeoutSeconds != null ? timeoutSeconds : 3600;
    }

    @Override
    public void validate() {
      if (timeoutSeconds < 1 || timeoutSeconds > 365 * 86_400) {
        throw new IllegalArgumentException(
            "timeoutSeconds must be 1 to 31536000 (365 days), was " + timeoutSeconds);
      }
    }
  }

  @Override
  public JsonNode run(WorkflowEvent<Params> event, WorkflowStep step) {
    step.run("request approval", String.class, ctx -> "approval requested for " + ctx.instanceId());
    long timeout = event.params().timeoutSeconds();
    JsonNode decision;
    try {
      ReceivedEvent<JsonNode> approval =
          step.waitForEvent(
              "wait for approval", "approval", JsonNode.class, Duration.ofSeconds(timeout));
      decision = approval.payload();
    } catch (StepFailedException timedOut) {
      decision = com.fasterxml.jackson.databind.node.TextNode.valueOf("timed out");
    }
    JsonNode outcome = decision;
    step.run("record decision", String.class, ctx -> "recorded " + outcome);
    return decision;
  }
}
