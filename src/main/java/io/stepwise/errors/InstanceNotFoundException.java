package io.stepwise.errors;

/** No instance with this id in this workflow. */
public class InstanceNotFoundException extends RuntimeException {
  public InstanceNotFoundException(String workflow, String id) {
    super("workflow '" + workflow + "' has no instance '" + id + "'");
  }
}
