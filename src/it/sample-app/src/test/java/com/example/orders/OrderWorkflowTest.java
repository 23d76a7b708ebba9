package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.testkit.InstanceProbe;
import io.stepwise.testkit.StepwiseTestKit;
import io.stepwise.testkit.StepwiseTestServices;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StepwiseTestServices.class)
class OrderWorkflowTest {

  @Inject
  StepwiseTestKit stepwise;

  @Test
  void shipsAfterTheCoolingOffPeriod() {
    try (InstanceProbe order = stepwise.introspect("order", "o-1")) {
      order.modify(m -> m.disableSleeps()); // the 14-day sleep ends at once
      stepwise.create("order", "o-1", new OrderWorkflow.Params("o-1", 500));

      assertTrue(order.waitForStepResult("charge card", String.class).startsWith("ch_"));
      assertEquals("parcel-o-1", order.waitForStatus("complete").output().asText());
    }
  }

  @Test
  void refundsWhenShippingFailsForGood() {
    try (InstanceProbe order = stepwise.introspect("order", "o-2")) {
      order.modify(m -> m.disableSleeps()
          .mockStepResult("charge card", stepwise.json("ch_test"))      // the body does not run
          .mockStepError("ship", "CarrierDown", "503", 6));             // every attempt fails
      stepwise.create("order", "o-2", new OrderWorkflow.Params("o-2", 500));

      assertEquals("refunded ch_test", order.waitForStatus("complete").output().asText());
      assertEquals(6, order.step("ship").orElseThrow().attempts().size());
    }
  }
}
