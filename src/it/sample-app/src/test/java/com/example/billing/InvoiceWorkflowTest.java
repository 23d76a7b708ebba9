package com.example.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.testkit.InstanceProbe;
import io.stepwise.testkit.StepwiseTestKit;
import io.stepwise.testkit.StepwiseTestServices;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StepwiseTestServices.class)
class InvoiceWorkflowTest {

  @Inject StepwiseTestKit stepwise;

  @Test
  void endsWhenThePaymentArrives() {
    try (InstanceProbe invoice = stepwise.introspect("invoice", "inv-1")) {
      invoice.modify(m -> m.mockEvent("payment", stepwise.json(Map.of("method", "card"))));
      stepwise.create("invoice", "inv-1", new InvoiceWorkflow.Params("ada@example.com", 500));

      assertTrue(invoice.waitForStepResult("send invoice", String.class).startsWith("msg-"));
      assertEquals("paid by card", invoice.waitForStatus("complete").output().asText());
    }
  }

  @Test
  void remindsWhenNoPaymentCameIn30Days() {
    try (InstanceProbe invoice = stepwise.introspect("invoice", "inv-2")) {
      invoice.modify(
          m ->
              m.mockStepResult("send invoice", stepwise.json("msg-test")) // the body does not run
                  .forceEventTimeout("await payment")); // the 30 days pass at once
      stepwise.create("invoice", "inv-2", new InvoiceWorkflow.Params("bob@example.com", 900));

      assertEquals("reminded", invoice.waitForStatus("complete").output().asText());
      assertTrue(invoice.step("send reminder").isPresent());
    }
  }
}
