package io.stepwise.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What stops a service (or an application using Stepwise) at start: names missing, invalid or
 * taken.
 */
class WorkflowRegistryTest {

  static class Unnamed implements Workflow<Object, Object> {
    @Override
    public Object run(WorkflowEvent<Object> event, WorkflowStep step) {
      return null;
    }
  }

  @WorkflowName("bad name!")
  static class BadlyNamed extends Unnamed {}

  @WorkflowName("order")
  static class Order extends Unnamed {}

  @WorkflowName("order")
  static class AnotherOrder extends Unnamed {}

  private static RegisteredWorkflow registered(Class<? extends Unnamed> type) {
    return new RegisteredWorkflow(
        WorkflowRegistry.nameOf(type), null, new ObjectMapper().constructType(Object.class), type);
  }

  @Test
  void aWorkflowWithoutANameIsRefusedNamingItsClass() {
    assertThatThrownBy(() -> WorkflowRegistry.nameOf(Unnamed.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Unnamed.class.getName())
        .hasMessageContaining("has no @WorkflowName");
    assertThatThrownBy(() -> WorkflowRegistry.nameOf(BadlyNamed.class))
        .hasMessageContaining(BadlyNamed.class.getName())
        .hasMessageContaining("'bad name!'");
  }

  @Test
  void aNameTakenTwiceIsRefusedNamingBothClassesAndTheFirstStays() {
    Map<String, RegisteredWorkflow> byName = new HashMap<>();
    WorkflowRegistry.add(byName, registered(Order.class));

    assertThatThrownBy(() -> WorkflowRegistry.add(byName, registered(AnotherOrder.class)))
        .hasMessageContaining("two workflows are named 'order'")
        .hasMessageContaining(Order.class.getName())
        .hasMessageContaining(AnotherOrder.class.getName());
    assertThat(byName.get("order").beanClass()).isEqualTo(Order.class);
  }
}
