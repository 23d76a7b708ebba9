package io.stepwise.errors;

/** No workflow of that name is registered in this deployment. */
public class UnknownWorkflowException extends RuntimeException {
  public UnknownWorkflowException(String name) {
    super("no workflow named '" + name + "'");
  }

  /**
   * An instance of a workflow this deployment does not have (it was removed, or is not deployed
   * here).
   */
  public UnknownWorkflowException(String name, String instanceId) {
    super(
        "instance "
            + instanceId
            + " belongs to workflow '"
            + name
            + "', which this deployment does not have");
  }
}
