package io.stepwise.runtime;

/** No workflow of that name is registered in this deployment. */
public class UnknownWorkflowException extends RuntimeException {
  public UnknownWorkflowException(String name) {
    super("no workflow named '" + name + "'");
  }
}
