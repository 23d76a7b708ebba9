package io.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.operations.Views;
import io.stepwise.testworkflows.OrderWorkflow;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The test kit as a workflow author uses it, on {@link OrderWorkflow}: a 14-day sleep, a day-long
 * wait and retries a minute apart, each test done in seconds.
 */
@QuarkusTest
class StepwiseTestKitTest {

  @Inject StepwiseTestKit stepwise;

  static String newId() {
    return "kit-" + UUID.randomUUID();
  }

  @Test
  void skipsTheSleepAndDeliversAMockedEvent() {
    try (InstanceProbe order = stepwise.introspect("kit-order", newId())) {
      order.modify(
          m -> m.disableSleeps().mockEvent("approval", stepwise.json(Map.of("approved", true))));
      stepwise.create("kit-order", order.id(), new OrderWorkflow.Params("o-1"));

      assertThat(order.waitForStepResult("charge card", String.class)).isEqualTo("charged-o-1");
      Views.InstanceView done = order.waitForStatus("complete");
      assertThat(done.output().asText()).isEqualTo("charged-o-1/shipped-o-1-attempt-1");
      // The sleep is still in the timeline, recorded as over.
      assertThat(order.step("cooling-off").orElseThrow().status()).isEqualTo("complete");
    }
  }

  @Test
  void withoutModificationsTheSleepReallyWaits() {
    try (InstanceProbe order = stepwise.introspect("kit-order", newId())) {
      stepwise.create("kit-order", order.id(), new OrderWorkflow.Params("o-2"));
      order.waitForStepResult("charge card", String.class);

      assertThat(order.waitForStatus("waiting").steps())
          .extracting(Views.StepView::name)
          .contains("cooling-off");
      assertThatThrownBy(() -> order.waitForStatus("complete", Duration.ofSeconds(2)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("is waiting after PT2S, not complete");
    }
  }

  @Test
  void mocksAStepResultWithoutRunningItsBody() {
    try (InstanceProbe order = stepwise.introspect("kit-order", newId())) {
      order.modify(
          m ->
              m.disableSleeps()
                  .mockStepResult("charge card", stepwise.json("ch_mocked"))
                  .mockEvent("approval", stepwise.json(Map.of("approved", true))));
      stepwise.create("kit-order", order.id(), new OrderWorkflow.Params("o-3"));

      assertThat(order.waitForStatus("complete").output().asText())
          .isEqualTo("ch_mocked/shipped-o-3-attempt-1");
    }
  }

  @Test
  void mockedErrorsAreRetriedWithoutWaitingForTheBackOff() {
    try (InstanceProbe order = stepwise.introspect("kit-order", newId())) {
      order.modify(
          m ->
              m.disableSleeps()
                  .mockStepError("ship", "CarrierDown", "the carrier's API answered 503", 2)
                  .mockEvent("approval", stepwise.json(Map.of("approved", true))));
      stepwise.create("kit-order", order.id(), new OrderWorkflow.Params("o-4"));

      Views.InstanceView done = order.waitForStatus("complete");
      assertThat(done.output().asText()).isEqualTo("charged-o-4/shipped-o-4-attempt-3");
      Views.StepView ship = order.step("ship").orElseThrow();
      assertThat(ship.attempts()).hasSize(3);
      assertThat(ship.attempts().get(0).error().name()).isEqualTo("CarrierDown");
      assertThat(ship.attempts().get(2).success()).isTrue();
    }
  }

  @Test
  void aForcedStepTimeoutFailsTheStepOnceItsRetriesRunOut() {
    try (InstanceProbe order = stepwise.introspect("kit-order", newId())) {
      order.modify(
          m ->
              m.disableSleeps()
                  .forceStepTimeout("ship")
                  .mockEvent("approval", stepwise.json(Map.of("approved", true))));
      stepwise.create("kit-order", order.id(), new OrderWorkflow.Params("o-5"));

      Views.InstanceView failed = order.waitForStatus("errored");
      assertThat(failed.error().name()).isEqualTo("StepTimeoutError");
      assertThat(order.step("ship").orElseThrow().attempts()).hasSize(3);
    }
  }

  @Test
  void aForcedEventTimeoutTakesTheTimeoutBranch() {
    try (InstanceProbe order = stepwise.introspect("kit-order", newId())) {
      order.modify(m -> m.disableSleeps().forceEventTimeout("await approval"));
      stepwise.create("kit-order", order.id(), new OrderWorkflow.Params("o-6"));

      assertThat(order.waitForStatus("complete").output().asText())
          .isEqualTo("cancelled: no approval");
      assertThat(order.step("await approval").orElseThrow().error().name())
          .isEqualTo("WaitForEventTimeoutError");
    }
  }

  @Test
  void workflowWideModificationsApplyToEveryInstanceAndAnEventCanBeSentByHand() {
    try (StepwiseTestKit.WorkflowProbe orders = stepwise.introspectWorkflow("kit-order")) {
      orders.modify(m -> m.disableSleeps("cooling-off"));
      String id = newId();
      stepwise.create("kit-order", id, new OrderWorkflow.Params("o-7"));
      InstanceProbe order = stepwise.introspect("kit-order", id);

      await()
          .atMost(InstanceProbe.DEFAULT_WAIT)
          .until(() -> order.step("await approval").isPresent());
      stepwise.sendEvent("kit-order", id, "approval", Map.of("approved", false));
      assertThat(order.waitForStatus("complete").output().asText()).isEqualTo("rejected");
    }
  }
}
