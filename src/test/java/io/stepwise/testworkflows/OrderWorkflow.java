package io.stepwise.testworkflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.Backoff;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * What a user would write, with all that makes a test slow: a 14-day sleep, a day-long wait for
 * approval, retries a minute apart. The test kit's tests run it in seconds.
 */
@WorkflowName("kit-order")
@ApplicationScoped
public class OrderWorkflow implements Workflow<OrderWorkflow.Params, String> {

  public record Params(String orderId) {}

  static final StepConfig SHIPPING =
      StepConfig.DEFAULT
          .withRetries(new RetryPolicy(2, Duration.ofMinutes(1), Backoff.CONSTANT))
          .withTimeout(Duration.ofMinutes(1));

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    String order = event.params().orderId();
    String charge = step.run("charge card", String.class, ctx -> "charged-" + order);
    step.sleep("cooling-off", Duration.ofDays(14));
    try {
      JsonNode approval =
          step.waitForEvent("await approval", "approval", JsonNode.class, Duration.ofDays(1))
              .payload();
      if (!approval.path("approved").asBoolean()) {
        return "rejected";
      }
    } catch (StepFailedException noApproval) {
      return "cancelled: no approval";
    }
    String shipment =
        step.run(
            "ship",
            String.class,
            SHIPPING,
            ctx -> "shipped-" + order + "-attempt-" + ctx.attempt());
    return charge + "/" + shipment;
  }
}
