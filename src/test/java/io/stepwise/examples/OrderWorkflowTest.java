package io.stepwise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.testkit.InstanceProbe;
import io.stepwise.testkit.StepwiseTestKit;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The walkthrough's {@code order} example, with the test kit; the first test is the README's. */
@QuarkusTest
class OrderWorkflowTest {

  @Inject StepwiseTestKit stepwise;
  @Inject Warehouse warehouse;

  // snippet:kit
  @Test
  void shipsAfterTheCarrierFailedTwice() {
    try (InstanceProbe order = stepwise.introspect("order", "o-1")) {
      order.modify(
          m ->
              m.disableSleeps() // the 14-day sleep ends at once
                  .mockStepResult("charge card", stepwise.json("ch_1")) // the body does not run
                  .mockStepError(
                      "ship", "CarrierDown", "503", 2)); // two failed attempts, then the body
      stepwise.create("order", "o-1", new OrderWorkflow.Params("o-1", 500));

      assertThat(order.waitForStepResult("charge card", String.class)).isEqualTo("ch_1");
      assertThat(order.waitForStatus("complete").output().asText()).isEqualTo("parcel-o-1");
      assertThat(order.step("ship").orElseThrow().attempts()).hasSize(3);
    }
  }

  // snippet:end

  @Test
  void refundsTheChargeWhenTheWarehouseCannotShip() {
    String id = "o-" + UUID.randomUUID();
    warehouse.failNextShipments(100);
    try (InstanceProbe order = stepwise.introspect("order", id)) {
      order.modify(m -> m.disableSleeps());
      stepwise.create("order", id, new OrderWorkflow.Params(id, 500));

      String charge = order.waitForStepResult("charge card", String.class);
      assertThat(order.waitForStatus("complete").output().asText()).isEqualTo("refunded " + charge);
      assertThat(order.step("ship").orElseThrow().attempts()).hasSize(6); // the default: 5 retries
      assertThat(order.step("refund")).isPresent();
    } finally {
      warehouse.failNextShipments(0);
    }
  }

  @Test
  void aChargeOfNothingFailsTheOrderAtOnce() {
    String id = "o-" + UUID.randomUUID();
    try (InstanceProbe order = stepwise.introspect("order", id)) {
      stepwise.create("order", id, new OrderWorkflow.Params(id, 0));

      assertThat(order.waitForStatus("errored").error().message())
          .contains("cannot charge 0 cents");
      assertThat(order.step("charge card").orElseThrow().attempts()).hasSize(1);
    }
  }
}
