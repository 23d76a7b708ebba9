package io.stepwise.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
 * The README's walkthrough: charges an order, waits out a 14-day cooling-off period, ships it, and
 * refunds the charge if shipping fails for good. Params {@code {"orderId", "cents"}}.
 */
@WorkflowName("order")
@ApplicationScoped
public class OrderWorkflow implements Workflow<OrderWorkflow.Params, String> {

  public record Params(
      @JsonProperty(required = true) @JsonPropertyDescription("the order to charge and ship")
          String orderId,
      @JsonProperty(required = true) @JsonPropertyDescription("the amount to charge, in cents")
          long cents) {}

  private static final StepConfig PAYMENT =
      StepConfig.DEFAULT
          .withRetries(new RetryPolicy(3, Duration.ofSeconds(2), Backoff.EXPONENTIAL))
          .withTimeout(Duration.ofSeconds(30));

  private final Payments payments;
  private final Warehouse warehouse;

  OrderWorkflow(Payments payments, Warehouse warehouse) {
    this.payments = payments;
    this.warehouse = warehouse;
  }

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    Params order = event.params();
    String charge =
        step.run(
            "charge card",
            String.class,
            PAYMENT,
            ctx -> payments.charge(order.orderId(), order.cents()));
    step.sleep("cooling-off period", Duration.ofDays(14));
    try {
      return step.run("ship", String.class, ctx -> warehouse.ship(order.orderId()));
    } catch (StepFailedException shippingFailed) {
      step.run(
          "refund",
          Boolean.class,
          ctx -> {
            payments.refund(charge);
            return true;
          });
      return "refunded " + charge;
    }
  }
}
