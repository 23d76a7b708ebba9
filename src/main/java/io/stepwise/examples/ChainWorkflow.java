package io.stepwise.examples;

import io.stepwise.api.ValidatedParams;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;

/** K trivial steps in a row, each returning the previous result + 1; outputs K. For benchmarks. */
@WorkflowName("chain")
@ApplicationScoped
public class ChainWorkflow implements Workflow<ChainWorkflow.Params, Integer> {

  /**
   * @param steps how many steps (default 10)
   */
  public record Params(Integer steps) implements ValidatedParams {
    public Params {
      steps = steps != null ? steps : 10;
    }

    @Override
    public void validate() {
      if (steps < 1 || steps > 10_000) {
        throw new IllegalArgumentException(
            "steps must be 1 to 10000 (the step limit), was " + steps);
      }
    }
  }

  @Override
  public Integer run(WorkflowEvent<Params> event, WorkflowStep step) {
    int steps = event.params().steps();
    int value = 0;
    for (int i = 0; i < steps; i++) {
      int previous = value;
      value = step.run("increment", Integer.class, ctx -> previous + 1);
    }
    return value;
  }
}
