package com.example.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Sends an invoice, waits up to 30 days for its payment, and sends a reminder when none came. */
@WorkflowName("invoice")
@ApplicationScoped
public class InvoiceWorkflow implements Workflow<InvoiceWorkflow.Params, String> {

  public record Params(String customer, long cents) {}

  private final Mailer mailer;

  InvoiceWorkflow(Mailer mailer) {
    this.mailer = mailer;
  }

  @Override
  public String run(WorkflowEvent<Params> event, WorkflowStep step) {
    Params invoice = event.params();
    step.run(
        "send invoice",
        String.class,
        ctx -> mailer.send(invoice.customer(), "Your invoice: " + invoice.cents() + " cents"));
    try {
      JsonNode payment =
          step.waitForEvent("await payment", "payment", JsonNode.class, Duration.ofDays(30))
              .payload();
      return "paid by " + payment.path("method").asText();
    } catch (StepFailedException noPaymentIn30Days) {
      step.run("send reminder", String.class, ctx -> mailer.send(invoice.customer(), "A reminder"));
      return "reminded";
    }
  }
}
